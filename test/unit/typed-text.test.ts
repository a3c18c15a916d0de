/** The rule of text a person types (`text()` in shared/domain/report-fields.ts), through the move request that uses it most. */
import { describe, expect, it } from 'vitest';
import { parseOrThrow, ProblemError } from '../../shared/http/problem';
import { transitionRequestSchema } from '../../shared/use-cases/staff/transition-request';

function refusal(body: Record<string, unknown>): { field: string; message: string }[] {
  try {
    parseOrThrow(transitionRequestSchema, body, 'en');
  } catch (err) {
    return (err as ProblemError).extra.errors as { field: string; message: string }[];
  }
  throw new Error('accepted');
}

describe('typed text', () => {
  it('refuses text with nothing visible in it', () => {
    for (const reason of ['\u200b', ' \u200b\u200d ', '\u00ad\u2060'])
      expect(refusal({ to: 'rejected', reason }), JSON.stringify(reason)).toEqual([{ field: 'reason', message: 'Text cannot be empty or hold only invisible characters' }]);
  });

  it('keeps text that has a visible character among invisible ones', () => {
    expect(parseOrThrow(transitionRequestSchema, { to: 'rejected', reason: '\u200bBukan jalan kabupaten' }, 'en').reason).toBe('\u200bBukan jalan kabupaten');
  });

  it('refuses control characters and bidi overrides in the codes a move names too', () => {
    for (const field of ['unit', 'agency', 'duplicateOf'])
      expect(refusal({ to: 'verified', [field]: 'bina\u202emarga' })[0]?.field, field).toBe(field);
  });
});
