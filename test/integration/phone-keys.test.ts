/** Phone-number keys: a keyed MAC under a secret pepper, and the migration of stored keys on DynamoDB Local. */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromReportItem, toReportItem } from '../../shared/adapters/dynamodb/report-items';
import { toContactItem } from '../../shared/adapters/dynamodb/contact-items';
import { readSecret, rotatingValues } from '../../shared/config/secrets';
import { legacyPhoneKey, phoneKey, phoneKeyWith } from '../../shared/domain/phone';
import type { Report } from '../../shared/domain/report';
import { migratePhoneKeys } from '../../shared/privacy/migrate-phone-keys';
import { createTestTables, type TestTables } from '../support/dynamo';

const e164 = '+6281234567802';

describe('the phone key', () => {
  it('cannot be recomputed from the number alone: it is not the unkeyed hash, and depends on the pepper', async () => {
    const unkeyed = createHash('sha256').update(`si-centang:${e164}`).digest('base64url').slice(0, 22);
    expect(await phoneKey(e164)).not.toBe(unkeyed);
    expect(legacyPhoneKey(e164)).toBe(unkeyed);
    expect(phoneKeyWith('another-pepper-of-at-least-32-characters', e164)).not.toBe(await phoneKey(e164));
    expect(await phoneKey(e164)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await phoneKey(e164)).toBe(await phoneKey(e164));
  });

  it('takes its pepper from Secrets Manager on Lambda and refuses to run there without it', async () => {
    const lambda = { AWS_LAMBDA_FUNCTION_NAME: 'create-report' } as NodeJS.ProcessEnv;
    await expect(readSecret({ name: 'PHONE_KEY_PEPPER', devDefault: 'x'.repeat(40) }, { env: lambda })).rejects.toThrow(/PHONE_KEY_PEPPER_ARN/);
    // locally: the variable, else the development default
    expect(await readSecret({ name: 'PHONE_KEY_PEPPER', devDefault: 'dev' }, { env: { PHONE_KEY_PEPPER: 'from-env' } as NodeJS.ProcessEnv })).toBe('from-env');
    expect(await readSecret({ name: 'PHONE_KEY_PEPPER', devDefault: 'dev' }, { env: {} as NodeJS.ProcessEnv })).toBe('dev');
  });

  it('reads a rotating secret as current and previous', () => {
    expect(rotatingValues('plain-value')).toEqual({ current: 'plain-value' });
    expect(rotatingValues('{"current":"new","previous":"old"}')).toEqual({ current: 'new', previous: 'old' });
    expect(() => rotatingValues('{"previous":"old"}')).toThrow(/current/);
  });
});

describe('npm run migrate-phone-keys', () => {
  let tables: TestTables;
  beforeAll(async () => {
    tables = await createTestTables('phone-keys');
  });

  const report = (id: string, phone: string | undefined): Report => ({
    id, version: 3, status: 'verified', category: 'drainase', district: 'kragilan', priority: 'normal',
    description: 'Saluran tersumbat sampah', publicDescription: 'Saluran tersumbat sampah',
    reporter: { ...(phone && { phone }), showName: false, anonymous: false, language: 'id' }, confidential: false,
    createdAt: '2026-11-01T01:00:00.000Z', updatedAt: '2026-11-01T01:00:00.000Z', escalationLevel: 0, eventCount: 3,
  });

  it('re-keys reports and followers from the unkeyed hash, leaves everything else, and changes nothing on a second run', async () => {
    // the number's key lives on the report's contact item; the report item holds none
    const old = { ...(await toContactItem(report('MIG1-AAAA', e164)))!, reporterKey: `P#${legacyPhoneKey(e164)}` };
    const purged = toReportItem(report('MIG2-AAAA', undefined));
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: toReportItem(report('MIG1-AAAA', e164)) }));
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: old }));
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: purged }));
    const follower = { pk: 'CONTACT#MIG1-AAAA', sk: `F#${legacyPhoneKey('+6281300000001')}`, phone: '+6281300000001', language: 'en' };
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: follower }));

    expect(await migratePhoneKeys(tables.doc, tables.main)).toEqual({ scanned: 2, reports: 1, followers: 1 });

    const byReporter = await tables.doc.send(
      new QueryCommand({ TableName: tables.main, IndexName: 'gsi11-reporter', KeyConditionExpression: 'reporterKey = :k', ExpressionAttributeValues: { ':k': `P#${await phoneKey(e164)}` } }),
    );
    expect(byReporter.Items?.map((i) => i.pk)).toEqual(['CONTACT#MIG1-AAAA']);
    const migrated = (await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: 'R#MIG1-AAAA', sk: 'R' } }))).Item!;
    // only the key changed: the version (and so the ETag staff hold) did not
    expect(migrated.version).toBe(3);
    expect(fromReportItem(migrated).description).toBe('Saluran tersumbat sampah');
    const moved = await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: 'CONTACT#MIG1-AAAA', sk: `F#${await phoneKey('+6281300000001')}` } }));
    expect(moved.Item).toMatchObject({ phone: '+6281300000001', language: 'en' });
    expect((await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: follower.pk, sk: follower.sk } }))).Item).toBeUndefined();

    expect(await migratePhoneKeys(tables.doc, tables.main)).toEqual({ scanned: 2, reports: 0, followers: 0 });
  });
});
