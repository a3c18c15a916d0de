/**
 * `npm start` on a machine without Java: the one line that says what is missing and how to install it. The Java
 * command points at a binary that does not exist, so this runs (and must pass) on a machine without Java.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { JavaMissingError, startDynamoDbLocal } from '../../local/services/dynamodb-local';

describe('DynamoDB Local without Java', () => {
  it('refuses to start with one line naming Java and the apt package, not a spawn error', async () => {
    const missing = join(tmpdir(), 'no-such-dir', 'java');
    const failure = await startDynamoDbLocal({ java: missing }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(JavaMissingError);
    const message = (failure as Error).message;
    expect(message).not.toContain('\n');
    expect(message).not.toMatch(/ENOENT|spawn/);
    expect(message).toContain(missing);
    expect(message).toContain('Java 17');
    expect(message).toContain('apt-get install openjdk-17-jre-headless');
  });
});
