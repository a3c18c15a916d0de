/** The officials' digest: plain text, rows sorted by lateness, split by size; and its SNS message attributes. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsOfficialDigestPublisher, digestAttributes } from '../../shared/adapters/sns/official-digest-publisher';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { formatLateness, renderDigests, type DigestNames, type DigestRow } from '../../shared/escalation/digest';

const names: DigestNames = {
  serviceName: jurisdiction.serviceName,
  timeZone: jurisdiction.timeZone,
  categories: jurisdiction.categories,
  districts: jurisdiction.districts,
  units: jurisdiction.units,
};
const [unitHead, head, sekda] = jurisdiction.escalation.ladder as [any, any, any];
const now = new Date('2026-11-30T03:15:00Z'); // 10:15 WIB
const H = 3_600_000;

const row = (code: string, overrides: Partial<DigestRow> = {}): DigestRow => ({
  code,
  category: 'jalan-rusak',
  district: 'cikande',
  status: 'verified',
  unit: 'bina-marga',
  lateness: { workingMs: 2 * H, workingDays: 0 },
  repeat: false,
  ...overrides,
});

describe('formatLateness', () => {
  it.each([
    [{ workingMs: 10 * 60_000, workingDays: 0 }, '< 1 jam kerja', '< 1 working hour'],
    [{ workingMs: 1 * H, workingDays: 0 }, '1 jam kerja', '1 working hour'],
    [{ workingMs: 7.9 * H, workingDays: 0 }, '7 jam kerja', '7 working hours'],
    [{ workingMs: 9 * H, workingDays: 1 }, '1 hari kerja', '1 working day'],
    [{ workingMs: 90 * H, workingDays: 11 }, '11 hari kerja', '11 working days'],
    [{ workingMs: 9_000 * H, workingDays: 260 }, '> 260 hari kerja', '> 260 working days'],
  ])('%j', (lateness, id, en) => {
    expect(formatLateness(lateness)).toEqual({ id, en });
  });
});

describe('renderDigests', () => {
  it('one message for a unit head: header, names not codes, most overdue first, no contact details', () => {
    const rows = [
      row('AAAA-2222'),
      row('BBBB-3333', { category: 'jembatan', district: 'kopo', status: 'in_progress', lateness: { workingMs: 20 * H, workingDays: 2 } }),
    ];
    const [digest, ...more] = renderDigests({ level: 1, recipient: 'unit-head', unit: 'bina-marga' }, unitHead, rows, names, now);
    expect(more).toEqual([]);
    expect(digest).toMatchObject({ rows: 2, part: 1, parts: 1, recipient: { level: 1, unit: 'bina-marga' } });
    expect(digest!.subject).toBe('Si Centang: 2 laporan terlambat - level 1 bina-marga');
    const lines = digest!.text.split('\n');
    expect(lines[0]).toBe('Si Centang: eskalasi laporan terlambat');
    expect(digest!.text).toContain('Kepada / To: Kepala bidang/UPT penanggung jawab — Bidang Bina Marga');
    expect(digest!.text).toContain('Waktu / Time: 2026-11-30 10:15 +07:00');
    const first = lines.findIndex((l) => l.startsWith('1. '));
    expect(lines[first]).toBe('1. BBBB-3333 | Jembatan | Kec. Kopo | Sedang dikerjakan | terlambat 2 hari kerja');
    expect(lines[first + 1]).toBe('2. AAAA-2222 | Jalan rusak dan berlubang | Kec. Cikande | Terverifikasi | terlambat 2 jam kerja');
    expect(digest!.text).not.toMatch(/\+62|08\d{8}/);
  });

  it('names the unit of each row for recipients above the units, and marks reminders', () => {
    const rows = [row('AAAA-2222', { repeat: true }), row('CCCC-4444', { unit: 'sumber-daya-air', category: 'drainase' })];
    const [digest] = renderDigests({ level: 3, recipient: 'regional-secretary' }, sekda, rows, names, now);
    expect(digest!.text).toContain('Kepada / To: Sekretariat Daerah (Sekda) / Regional Secretary\'s Office (level 3)');
    expect(digest!.text).toContain('| Bidang Sumber Daya Air |');
    expect(digest!.text).toMatch(/AAAA-2222 .* \(pengingat\)$/m);
    expect(digest!.text).toContain('2 laporan melewati batas waktu, 1 di antaranya pengingat ulang');
    expect(digest!.subject).toBe('Si Centang: 2 laporan terlambat - level 3');
  });

  it('splits a large digest into parts under the size limit, every row exactly once', () => {
    const rows = Array.from({ length: 120 }, (_, i) => row(`R${String(i).padStart(3, '0')}-AAAA`, { lateness: { workingMs: i * H, workingDays: 0 } }));
    const parts = renderDigests({ level: 2, recipient: 'department-head' }, head, rows, names, now, 4096);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) {
      expect(Buffer.byteLength(p.text, 'utf8')).toBeLessThanOrEqual(4096);
      expect(p.parts).toBe(parts.length);
      expect(p.text).toContain(`(bagian ${p.part}/${parts.length})`);
      expect(p.subject).toMatch(new RegExp(`\\(${p.part}/${parts.length}\\)$`));
    }
    const codes = parts.flatMap((p) => [...p.text.matchAll(/^\d+\. (\S+)/gm)].map((m) => m[1]));
    expect(codes.sort()).toEqual(rows.map((r) => r.code).sort());
    expect(parts.reduce((n, p) => n + p.rows, 0)).toBe(120);
  });

  it('keeps the subject to printable ASCII under 100 characters', () => {
    const [digest] = renderDigests({ level: 1, recipient: 'unit-head', unit: 'x'.repeat(120) }, unitHead, [row('AAAA-2222')], { ...names, serviceName: 'Sí Céntang — Kota' }, now);
    expect(digest!.subject).toMatch(/^[\x20-\x7E]{1,99}$/);
    expect(digest!.subject.startsWith('Si Centang Kota: 1 laporan')).toBe(true);
  });

  it('sends nothing for nobody', () => {
    expect(renderDigests({ level: 1, recipient: 'unit-head', unit: 'bina-marga' }, unitHead, [], names, now)).toEqual([]);
  });
});

describe('SnsOfficialDigestPublisher', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());
  const topic = 'arn:aws:sns:ap-southeast-3:123456789012:si-centang-escalations';

  it('publishes to the topic with level, recipient and unit attributes for filter policies', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const [digest] = renderDigests({ level: 1, recipient: 'unit-head', unit: 'bina-marga' }, unitHead, [row('AAAA-2222')], names, now);
    const out = await new SnsOfficialDigestPublisher(new SNSClient({ region: 'ap-southeast-3' }), topic).publish(digest!);
    expect(out).toEqual({ messageId: 'm-1' });
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ TopicArn: topic, Subject: digest!.subject, MessageStructure: 'json' });
    // SMS subscribers get the summary, e-mail (and any other protocol) the full list
    expect(JSON.parse(input.Message!)).toEqual({ default: digest!.text, email: digest!.text, sms: digest!.sms });
    expect(input.MessageAttributes).toEqual({
      level: { DataType: 'Number', StringValue: '1' },
      recipient: { DataType: 'String', StringValue: 'unit-head' },
      unit: { DataType: 'String', StringValue: 'bina-marga' },
    });
    expect(input.PhoneNumber).toBeUndefined();
  });

  it('leaves the unit out for recipients above the units', () => {
    const [digest] = renderDigests({ level: 2, recipient: 'department-head' }, head, [row('AAAA-2222')], names, now);
    expect(digestAttributes(digest!)).not.toHaveProperty('unit');
  });

  it('refuses something that is not a topic ARN', () => {
    expect(() => new SnsOfficialDigestPublisher(new SNSClient({}), '+6281234567890')).toThrow(/topic ARN/);
  });
});
