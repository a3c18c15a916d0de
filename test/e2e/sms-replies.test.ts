/**
 * Two-way SMS through the whole local stack: a phone texts the service (POST /local/sms/inbound, as AWS End User
 * Messaging would publish to the inbound topic), the use case acts, and the answer comes back through the table
 * stream, the notifier and the SMS sink (GET /local/sms).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { client, startTestStack, validReport } from '../support/local-stack';
import { notifierReady } from '../support/notifier-ready';
import { DEV_WEBHOOK_SECRET } from '../../shared/inbound/webhook-secret';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../../shared/inbound/webhook-signature';

let stack: LocalStack;
let call: ReturnType<typeof client>;
let triage: string;
let nextPhone = 0;

beforeAll(async () => {
  stack = await startTestStack();
  call = client(stack.url);
  triage = `Bearer ${await stack.token({ role: 'triage' })}`;
  await notifierReady(stack, '081377700000');
});
afterAll(() => stack?.stop());

/** a fresh number per test: '0813777001nn' and its E.164 form */
function phone() {
  nextPhone++;
  const local = `0813777001${String(nextPhone).padStart(2, '0')}`;
  return { local, e164: `+62${local.slice(1)}` };
}

/** The SMS the sink got for a number, as GET /local/sms shows them; waits (bounded) until there are `count`. */
async function smsTo(e164: string, count: number, waitMs = 8_000): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { body } = await call<{ items: { phoneNumber?: string; message: string }[] }>('GET', '/local/sms');
    const mine = body.items.filter((m) => m.phoneNumber === e164).map((m) => m.message);
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Checks that no further SMS arrives for the number (the notifier had time to send one). */
async function noMoreSms(e164: string, count: number): Promise<void> {
  await new Promise((r) => setTimeout(r, 1_500));
  expect(await smsTo(e164, count + 1, 0)).toHaveLength(count);
}

async function text(from: string, body: string, messageId?: string) {
  const r = await call('POST', '/local/sms/inbound', { from, body, ...(messageId && { messageId }) });
  expect(r.status).toBe(200);
  return r.body as { messageId: string };
}

async function staffView(id: string) {
  const r = await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: triage });
  expect(r.status).toBe(200);
  return { body: r.body, etag: r.headers.get('etag')! };
}

async function move(id: string, body: Record<string, unknown>) {
  const { etag } = await staffView(id);
  const r = await call('POST', `/v1/staff/reports/${id}/transitions`, body, { authorization: triage, 'if-match': etag });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** A report by this number, worked to resolved; returns its code once the resolution SMS has arrived. */
async function resolvedReport(p: { local: string; e164: string }, language: 'id' | 'en' = 'id'): Promise<string> {
  const created = await call('POST', '/v1/reports', validReport({ category: 'lainnya', reporter: { phone: p.local, language } }));
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  await move(id, { to: 'verified', unit: 'verifikasi' });
  await move(id, { to: 'in_progress' });
  await move(id, { to: 'resolved', note: 'Lubang sudah ditambal' });
  const messages = await smsTo(p.e164, 4);
  expect(messages).toHaveLength(4);
  expect(messages[3]).toContain(language === 'en' ? 'Reply YES' : 'Balas YA');
  return id;
}

describe('CEK', () => {
  it('answers a public report’s status and next date to anyone, in one segment, code typed without the dash', async () => {
    const reporter = phone();
    const created = await call('POST', '/v1/reports', validReport({ reporter: { phone: reporter.local } }));
    const id = created.body.id as string;
    const stranger = phone();
    await text(stranger.e164, `cek ${id.replace('-', '').toLowerCase()}`);
    const [answer] = await smsTo(stranger.e164, 1);
    expect(answer).toContain(id);
    expect(answer).toContain('Diterima');
    expect(answer).toMatch(/target/i);
    expect(answer!.length).toBeLessThanOrEqual(160);
    expect(answer).not.toContain(reporter.local.slice(1));
  });

  it('answers a confidential report only to its own reporter', async () => {
    const reporter = phone();
    const created = await call('POST', '/v1/reports', validReport({ confidential: true, reporter: { phone: reporter.local, language: 'en' } }));
    const id = created.body.id as string;
    await smsTo(reporter.e164, 1);
    const stranger = phone();
    await text(stranger.e164, `STATUS ${id}`);
    const [refusal] = await smsTo(stranger.e164, 1);
    expect(refusal).toContain('tidak ditemukan');
    expect(refusal).not.toContain('Diterima');
    await text(reporter.e164, `status ${id}`);
    const mine = await smsTo(reporter.e164, 2);
    expect(mine[1]).toContain(`Report ${id}: Received`);
  });
});

describe('YA and TIDAK', () => {
  it('TIDAK reopens a resolved report with a restarted deadline; an official closes it again with a reason', async () => {
    const reporter = phone();
    const id = await resolvedReport(reporter);
    const before = (await staffView(id)).body;
    await text(reporter.e164, 'tidak, masih berlubang pak!!');
    const messages = await smsTo(reporter.e164, 5);
    expect(messages[4]).toContain('dibuka kembali');

    const after = (await staffView(id)).body;
    expect(after.status).toBe('in_progress');
    expect(after.version).toBe(before.version + 1);
    expect(after.citizenFeedback).toMatchObject({ answer: 'rejected', by: 'reporter', channel: 'sms' });
    expect(after.citizenReopenings).toBe(1);
    expect(Date.parse(after.dueAt)).toBeGreaterThan(Date.now());
    const reopening = after.history.find((e: { type: string; to?: string; actor: { role: string } }) => e.type === 'status' && e.actor.role === 'citizen');
    expect(reopening).toMatchObject({ from: 'resolved', to: 'in_progress' });
    // the citizen's own words reach the office only: a text message may carry a name or a number
    expect(reopening.note).toBeUndefined();
    expect(after.history).toContainEqual(expect.objectContaining({ type: 'note', visibility: 'internal', actor: { role: 'citizen', id: 'reporter' }, note: 'tidak, masih berlubang pak!!' }));
    const publicView = await call('GET', `/v1/reports/${id}`);
    expect(publicView.body.history.at(-1)).toMatchObject({ type: 'status', from: 'resolved', to: 'in_progress' });
    expect(JSON.stringify(publicView.body)).not.toContain('masih berlubang');
    const open311 = await call('GET', `/open311/v2/requests/${id}.json`);
    expect(open311.status).toBe(200);
    expect(JSON.stringify(open311.body)).not.toContain('masih berlubang');
    expect(after.history.some((e: { type: string; data?: { answer?: string } }) => e.type === 'feedback' && e.data?.answer === 'rejected')).toBe(true);

    // the unit hears of it in its next digest, once
    const digestsAbout = () => stack.sms.outbox().filter((m) => m.topicArn !== undefined && m.message.includes(id));
    await stack.escalation.runNow();
    expect(digestsAbout()).toHaveLength(1);
    expect(digestsAbout()[0]!.message).toContain('dibuka kembali oleh warga');
    await stack.escalation.runNow();
    expect(digestsAbout()).toHaveLength(1);

    await move(id, { to: 'resolved', note: 'Ditambal ulang dengan aspal panas' });
    // before the citizen's objection period ends, an official closes with a reason
    await move(id, { to: 'closed', reason: 'Dicek di lapangan: sudah rata' });
    expect((await staffView(id)).body.status).toBe('closed');
    expect(await smsTo(reporter.e164, 7)).toHaveLength(7);
  });

  it('YA closes a resolved report now and keeps the confirmation; a second YA is told it is not waiting', async () => {
    const reporter = phone();
    const id = await resolvedReport(reporter, 'en');
    await text(reporter.e164, `Yes ${id.toLowerCase()} thank you`);
    const messages = await smsTo(reporter.e164, 5);
    expect(messages[4]).toContain('closed');
    const view = (await staffView(id)).body;
    expect(view.status).toBe('closed');
    expect(view.citizenFeedback).toMatchObject({ answer: 'confirmed', by: 'reporter' });
    expect(view.closedAt).toBeDefined();
    await text(reporter.e164, `ya ${id}`);
    expect((await smsTo(reporter.e164, 6))[5]).toContain('is not waiting');
  });

  it('refuses YA from a number that is neither the reporter nor a follower, and changes nothing', async () => {
    const reporter = phone();
    const id = await resolvedReport(reporter);
    const { body: before } = await staffView(id);
    const stranger = phone();
    await text(stranger.e164, `YA ${id}`);
    const [refusal] = await smsTo(stranger.e164, 1);
    expect(refusal).toContain('hanya diterima dari nomor pelapor');
    const { body: after } = await staffView(id);
    expect(after.status).toBe('resolved');
    expect(after.version).toBe(before.version);
  });

  it('takes a follower’s TIDAK (the reporter of a duplicate)', async () => {
    const reporter = phone();
    const follower = phone();
    const dup = (await call('POST', '/v1/reports', validReport({ category: 'lainnya', reporter: { phone: follower.local } }))).body.id as string;
    const id = await resolvedReportWithDuplicate(reporter, dup);
    await text(follower.e164, `TIDAK ${id} belum diperbaiki`);
    await smsTo(reporter.e164, 5);
    const view = (await staffView(id)).body;
    expect(view.status).toBe('in_progress');
    expect(view.citizenFeedback).toMatchObject({ answer: 'rejected', by: 'follower' });
  });
});

async function resolvedReportWithDuplicate(p: { local: string; e164: string }, dup: string): Promise<string> {
  const id = (await call('POST', '/v1/reports', validReport({ category: 'lainnya', reporter: { phone: p.local } }))).body.id as string;
  await move(dup, { to: 'duplicate', duplicateOf: id });
  await move(id, { to: 'verified', unit: 'verifikasi' });
  await move(id, { to: 'in_progress' });
  await move(id, { to: 'resolved', note: 'Selesai' });
  await smsTo(p.e164, 4);
  return id;
}

describe('BERHENTI and MULAI', () => {
  it('BERHENTI is confirmed and silences the next status change; MULAI turns SMS back on', async () => {
    const reporter = phone();
    const id = (await call('POST', '/v1/reports', validReport({ reporter: { phone: reporter.local } }))).body.id as string;
    await smsTo(reporter.e164, 1);
    await text(reporter.e164, 'Berhenti');
    const afterStop = await smsTo(reporter.e164, 2);
    expect(afterStop[1]).toContain('tidak akan menerima SMS');

    await move(id, { to: 'verified', unit: 'bina-marga' });
    await noMoreSms(reporter.e164, 2);
    const skipped = (await staffView(id)).body.smsDeliveries.find((d: { eventSeq: number }) => d.eventSeq === 2);
    expect(skipped).toMatchObject({ status: 'skipped', reason: 'opted-out' });

    await text(reporter.e164, 'MULAI');
    expect((await smsTo(reporter.e164, 3))[2]).toContain('aktif kembali');
    await move(id, { to: 'in_progress' });
    expect((await smsTo(reporter.e164, 4))[3]).toContain(id);
  });
});

describe('delivery and nonsense', () => {
  it('a message delivered twice is recorded and answered once', async () => {
    const reporter = phone();
    const id = await resolvedReport(reporter);
    const messageId = `dup-${id}`;
    await text(reporter.e164, `TIDAK ${id}`, messageId);
    await text(reporter.e164, `TIDAK ${id}`, messageId);
    await smsTo(reporter.e164, 5);
    await noMoreSms(reporter.e164, 5);
    const view = (await staffView(id)).body;
    expect(view.citizenReopenings).toBe(1);
    expect(view.history.filter((e: { type: string }) => e.type === 'feedback')).toHaveLength(1);
  });

  it('answers nonsense with help once a day, then stays silent', async () => {
    const sender = phone();
    await text(sender.e164, 'halo ini siapa ya?');
    const [help] = await smsTo(sender.e164, 1);
    expect(help).toContain('CEK');
    await text(sender.e164, 'apa kabar');
    await text(sender.e164, 'asdfgh');
    await noMoreSms(sender.e164, 1);
  });
});

describe('webhook POST /v1/inbound/sms', () => {
  const post = (raw: string, headers: Record<string, string>) => call('POST', '/v1/inbound/sms', raw, { 'content-type': 'application/json', ...headers });
  const now = () => String(Math.floor(Date.now() / 1000));

  it('refuses a call without a signature, with a wrong one, or with a stale timestamp, before reading the body', async () => {
    const raw = JSON.stringify({ from: '+6281377700999', body: 'BERHENTI', messageId: 'wh-refused' });
    const missing = await post(raw, {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.body.detail).toContain('Tanda tangan');

    const wrong = await post(raw, { [TIMESTAMP_HEADER]: now(), [SIGNATURE_HEADER]: signWebhook('not-the-secret', now(), raw), 'accept-language': 'en' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.detail).toContain('signature');

    const old = String(Math.floor(Date.now() / 1000) - 301);
    const stale = await post(raw, { [TIMESTAMP_HEADER]: old, [SIGNATURE_HEADER]: signWebhook(DEV_WEBHOOK_SECRET, old, raw) });
    expect(stale.status).toBe(401);

    // not JSON at all, unsigned: still 401, not 400 — nothing is read before the signature
    expect((await post('{not json', {})).status).toBe(401);
    // a signature over another body
    const ts = now();
    const tampered = await post(raw.replace('BERHENTI', 'MULAI'), { [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: signWebhook(DEV_WEBHOOK_SECRET, ts, raw) });
    expect(tampered.status).toBe(401);
    await noMoreSms('+6281377700999', 0);
  });

  it('takes a signed message once and answers it through the notifier', async () => {
    const reporter = phone();
    const id = (await call('POST', '/v1/reports', validReport({ reporter: { phone: reporter.local } }))).body.id as string;
    await smsTo(reporter.e164, 1);
    const raw = JSON.stringify({ from: reporter.local, body: `cek ${id}`, messageId: `wh-${id}` });
    const ts = now();
    const headers = { [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: signWebhook(DEV_WEBHOOK_SECRET, ts, raw) };
    const first = await post(raw, headers);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: true, duplicate: false });
    const again = await post(raw, headers);
    expect(again.body).toEqual({ accepted: true, duplicate: true });
    const messages = await smsTo(reporter.e164, 2);
    expect(messages[1]).toContain(id);
    await noMoreSms(reporter.e164, 2);
  });

  it('refuses a sender that is no phone number, in the caller\'s language down to the field', async () => {
    const raw = JSON.stringify({ from: 'hello', body: 'CEK', messageId: 'wh-not-a-number' });
    const ts = now();
    const refused = await post(raw, { [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: signWebhook(DEV_WEBHOOK_SECRET, ts, raw) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'from', message: 'Nomor pengirim tidak dikenali.' }]);
  });
});
