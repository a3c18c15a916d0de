/** What a message does, given the sender and the report: who may answer, when, and how often. */
import { describe, expect, it } from 'vitest';
import { decideReply, type DecisionInput, type ReportFacts } from '../../shared/domain/inbound/decide-reply';
import { parseReply } from '../../shared/domain/inbound/parse-reply';

const facts = (over: Partial<ReportFacts> = {}): ReportFacts => ({
  id: '7KQ4-M9XP',
  status: 'resolved',
  confidential: false,
  citizenReopenings: 0,
  relation: 'reporter',
  relationLanguage: 'id',
  ...over,
});

const decide = (body: string, over: Partial<DecisionInput> = {}) =>
  decideReply({ command: parseReply(body), waiting: [], reopenLimit: 2, defaultLanguage: 'id', ...over });

describe('YA / TIDAK', () => {
  it('closes on YA and reopens on TIDAK from the reporter’s number', () => {
    expect(decide('YA 7KQ4-M9XP', { named: facts() })).toMatchObject({ action: 'close', report: { id: '7KQ4-M9XP' } });
    expect(decide('tidak 7kq4m9xp masih rusak', { named: facts() })).toMatchObject({ action: 'reopen' });
  });

  it('accepts a follower and answers in the follower’s language', () => {
    expect(decide('NO 7KQ4-M9XP', { named: facts({ relation: 'follower', relationLanguage: 'en' }) })).toEqual({
      action: 'reopen',
      report: expect.objectContaining({ relation: 'follower' }),
      language: 'en',
    });
  });

  it('refuses a code of another number’s report, and hides a confidential one', () => {
    expect(decide('YA 7KQ4-M9XP', { named: facts({ relation: 'none' }) })).toMatchObject({ action: 'reply', reply: 'not-yours' });
    expect(decide('YA 7KQ4-M9XP', { named: facts({ relation: 'none', confidential: true }) })).toMatchObject({
      action: 'reply',
      reply: 'unknown-code',
    });
    expect(decide('TIDAK 7KQ4-M9XP', { named: undefined })).toMatchObject({ action: 'reply', reply: 'unknown-code', code: '7KQ4-M9XP' });
  });

  it('without a code: acts only when exactly one resolved report of the number waits', () => {
    expect(decide('ya', { waiting: [facts()] })).toMatchObject({ action: 'close' });
    expect(decide('ya', { waiting: [] })).toMatchObject({ action: 'reply', reply: 'which-report' });
    expect(decide('tidak', { waiting: [facts(), facts({ id: '2345-6789' })] })).toMatchObject({ action: 'reply', reply: 'which-report' });
  });

  it('answers "not waiting" for a report that is not resolved', () => {
    for (const status of ['received', 'in_progress', 'closed'] as const)
      expect(decide('YA 7KQ4-M9XP', { named: facts({ status }) })).toMatchObject({ action: 'reply', reply: 'not-waiting' });
  });

  it('reopens at most the configured number of times', () => {
    expect(decide('TIDAK 7KQ4-M9XP', { named: facts({ citizenReopenings: 1 }) })).toMatchObject({ action: 'reopen' });
    expect(decide('TIDAK 7KQ4-M9XP', { named: facts({ citizenReopenings: 2 }) })).toMatchObject({ action: 'reply', reply: 'reopen-limit' });
    expect(decide('TIDAK 7KQ4-M9XP', { named: facts(), reopenLimit: 0 })).toMatchObject({ action: 'reply', reply: 'reopen-limit' });
    // YA still closes at the limit
    expect(decide('YA 7KQ4-M9XP', { named: facts({ citizenReopenings: 2 }) })).toMatchObject({ action: 'close' });
  });
});

describe('CEK', () => {
  it('answers anyone about a public report, and only the reporter about a confidential one', () => {
    expect(decide('CEK 7KQ4-M9XP', { named: facts({ status: 'in_progress', relation: 'none' }) })).toMatchObject({ reply: 'status' });
    expect(decide('CEK 7KQ4-M9XP', { named: facts({ confidential: true, relation: 'none' }) })).toMatchObject({ reply: 'unknown-code' });
    expect(decide('CEK 7KQ4-M9XP', { named: facts({ confidential: true, relation: 'follower' }) })).toMatchObject({ reply: 'unknown-code' });
    expect(decide('CEK 7KQ4-M9XP', { named: facts({ confidential: true, status: 'verified' }) })).toMatchObject({ reply: 'status' });
  });

  it('reminds the reporter of a resolved report of the question; a stranger just gets the status', () => {
    expect(decide('CEK 7KQ4-M9XP', { named: facts() })).toMatchObject({ reply: 'status-waiting' });
    expect(decide('CEK 7KQ4-M9XP', { named: facts({ relation: 'none' }) })).toMatchObject({ reply: 'status' });
  });

  it('without a code: the sender’s newest report, or help when the number never reported', () => {
    expect(decide('cek', { newest: facts({ status: 'verified' }) })).toMatchObject({ reply: 'status' });
    expect(decide('cek')).toMatchObject({ action: 'help' });
  });
});

describe('language and the rest', () => {
  it('writes in the language of the sender’s own report first, then the keyword’s, then the default', () => {
    expect(decide('STOP', { senderLanguage: 'id' })).toMatchObject({ action: 'opt-out', language: 'id' });
    expect(decide('STOP')).toMatchObject({ action: 'opt-out', language: 'en' });
    expect(decide('BERHENTI')).toMatchObject({ action: 'opt-out', reply: 'stopped', language: 'id' });
    expect(decide('MULAI', { senderLanguage: 'en' })).toMatchObject({ action: 'opt-in', reply: 'started', language: 'en' });
    expect(decide('status')).toMatchObject({ action: 'help', language: 'id' });
  });

  it('answers anything else with help', () => {
    expect(decide('jalan depan rumah rusak lagi')).toMatchObject({ action: 'help' });
  });
});
