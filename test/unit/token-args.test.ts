/** `npm run token` refuses, with a message, what would only fail later; --help and bad numbers end without a stack trace. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseTokenArgs } from '../../scripts/token-args';

describe('token arguments', () => {
  it('help is help', () => {
    expect(parseTokenArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseTokenArgs(['-h'])).toEqual({ kind: 'help' });
  });
  it.each([
    [['--hours', 'abc'], /--hours must be a number/],
    [['--hours', '0'], /--hours must be a number/],
    [['--role', 'officer'], /add --unit/],
    [['--role', 'officer', '--unit', 'jalan'], /Unknown unit "jalan"/],
    [['--role', 'district'], /add --district/],
    [['--role', 'district', '--district', 'atlantis'], /Unknown district/],
    [['--role', 'triage', '--unit', 'bina-marga'], /--unit applies to --role officer only/],
    [['--role', 'boss'], /--role must be one of/],
    [['--colour', 'red'], /Unknown option/],
  ])('%j is refused', (argv, message) => {
    const parsed = parseTokenArgs(argv as string[]);
    expect(parsed.kind).toBe('error');
    expect(parsed.kind === 'error' && parsed.message).toMatch(message);
  });
  it('a good request becomes a token request', () => {
    expect(parseTokenArgs(['--role', 'officer', '--unit', 'bina-marga', '--hours', '2'])).toEqual({
      kind: 'token',
      dataDir: '.local/data',
      request: { role: 'officer', unit: 'bina-marga', expiresIn: 7200 },
    });
  });
  it('the command itself prints the usage and exits 0, or the message and exits 2, never a stack trace', async () => {
    const run = promisify(execFile);
    const help = await run('npx', ['tsx', 'scripts/token.ts', '--help']);
    expect(help.stdout).toMatch(/^Usage: npm run token/);
    const bad = await run('npx', ['tsx', 'scripts/token.ts', '--hours', 'abc']).catch((err: { code: number; stderr: string }) => err);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/--hours must be a number/);
    expect((bad as { stderr: string }).stderr).not.toMatch(/\bat .*\.ts:\d+/);
  }, 60_000);
});
