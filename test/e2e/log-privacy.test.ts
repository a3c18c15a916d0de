/**
 * The reporter's phone number never reaches a log line or a public answer. A whole flow runs on the local stack
 * (submit with an Idempotency-Key and its retry, refused submissions, public reads and lists, the staff view,
 * every status change, notes, an edit, a citizen photo, SMS through the sink, a duplicate whose reporter follows the
 * original, an SMS provider failing for a while and a number it always refuses, an escalation run) while everything
 * the process writes is captured: process.stdout/stderr (Powertools Logger and Metrics write there through their
 * own Console) and console.* (the local runner, libraries). Then no captured line, and no public answer, may hold
 * any of the flow's numbers in any spelling: +62813…, 62813…, 0813…, 0813-…, with spaces, dots or brackets.
 * Log level DEBUG, so the quieter lines are checked too. A report relayed through Open311 adds an e-mail and a
 * name to the contact data that must stay out of logs and answers.
 */
import { format } from 'node:util';
import { afterAll, beforeAll, expect, it, vi, inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { cameraJpeg } from '../support/photo-fixtures';
import { client, uploadWithGrant, validReport, type Reply } from '../support/local-stack';
import { notifierReady } from '../support/notifier-ready';
import { phonePattern } from '../support/property-harness';

/** A planned date must lie within five years: next year's dates stay valid whenever the tests run */
const PLAN_YEAR = new Date().getUTCFullYear() + 1;

const previousLogLevel = vi.hoisted(() => {
  const previous = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  return previous;
});

/** The flow's numbers, as typed, and their national significant digits (what every spelling contains). */
const PHONES = {
  reporter: { typed: '0813-1122-3344', nsn: '81311223344' },
  follower: { typed: '+62 878 5566 7788', nsn: '87855667788' },
  refused: { typed: '62895-1234-5678', nsn: '89512345678' },
  anonymous: { typed: '(0812) 9988-7766', nsn: '81299887766' },
};
const PATTERNS = Object.values(PHONES).map((p) => ({ nsn: p.nsn, re: phonePattern(p.nsn) }));

const captured: string[] = [];
const publicAnswers: { what: string; text: string }[] = [];
const restore: (() => void)[] = [];

function capture(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = function write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    } as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      captured.push(`${format(...args)}\n`);
    };
    restore.push(() => {
      console[method] = original;
    });
  }
}

let stack: LocalStack;
let call: ReturnType<typeof client>;
let triage: string;

beforeAll(async () => {
  capture();
  process.env.QUOTA_REPORTS_PER_PHONE_PER_DAY = '100000';
  process.env.QUOTA_WRITES_PER_IP_PER_HOUR = '100000';
  const id = `e2e-${randomUUID().slice(0, 8)}`;
  stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    names: { main: `${id}-main`, idempotency: `${id}-idempotency`, bucket: id },
    // the local runner's own lines (SMS sink, stream poller, photos, schedule) are logs too
    log: (line) => console.log(line),
    escalationIntervalMs: false,
  });
  call = client(stack.url);
  triage = `Bearer ${await stack.token({ role: 'triage', sub: 'triage-log' })}`;
  await notifierReady(stack);
});
afterAll(async () => {
  await stack?.stop();
  for (const undo of restore.reverse()) undo();
  if (previousLogLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = previousLogLevel;
});

/** A public call: its answer is checked too. */
async function pub(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const r = await call(method, path, body, headers);
  publicAnswers.push({ what: `${method} ${path} → ${r.status}`, text: typeof r.body === 'string' ? r.body : JSON.stringify(r.body) });
  return r;
}

async function staff(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return call(method, path, body, { authorization: triage, ...headers });
}

async function move(id: string, body: Record<string, unknown>): Promise<void> {
  const view = await staff('GET', `/v1/staff/reports/${id}`);
  expect(view.status).toBe(200);
  const r = await staff('POST', `/v1/staff/reports/${id}/transitions`, body, { 'if-match': view.headers.get('etag')! });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

async function smsFor(e164: string, count: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = stack.sms.outbox().filter((m) => m.phoneNumber === e164);
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function deliveriesSettled(id: string, count: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await staff('GET', `/v1/staff/reports/${id}`);
    const done = (view.body.smsDeliveries as { status: string }[]).filter((d) => ['sent', 'failed', 'skipped'].includes(d.status));
    if (done.length >= count || Date.now() > deadline) return view.body.smsDeliveries as { status: string; reason?: string }[];
    await new Promise((r) => setTimeout(r, 150));
  }
}

it('a whole flow writes no phone number to any log line or public answer', async () => {
  // submit, with an Idempotency-Key, and its retry
  const key = { 'idempotency-key': randomUUID() };
  const body = validReport({ category: 'lainnya', reporter: { phone: PHONES.reporter.typed, name: 'Budi Santoso' } });
  const created = await pub('POST', '/v1/reports', body, key);
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await pub('POST', '/v1/reports', body, key)).body.id).toBe(id);
  // refused submissions: the number with a bidi override, a stray '#', too long, of the wrong type; a replayed key with another body
  for (const phone of [`0813\u202E11223344`, `+62-813-1122-3344#`, `${PHONES.reporter.typed}${'9'.repeat(30)}`, Number(`62${PHONES.reporter.nsn}`)])
    expect((await pub('POST', '/v1/reports', validReport({ reporter: { phone } }))).status).toBe(400);
  expect((await pub('POST', '/v1/reports', { ...body, description: 'Lain lagi, isi yang berbeda sekali' }, key)).status).toBe(422);

  // public reads and lists
  for (const path of [`/v1/reports/${id}`, `/v1/reports/${id.toLowerCase().replace('-', '')}`, '/v1/reports', '/v1/reports?district=cikande', '/v1/reports?category=lainnya&limit=100', '/v1/reports?status=received'])
    expect((await pub('GET', path)).status).toBe(200);

  // a citizen photo, processed
  const grant = await pub('POST', `/v1/reports/${id}/photos`, { contentType: 'image/jpeg' }, { 'x-upload-token': created.body.uploadToken });
  expect(grant.status).toBe(201);
  expect(await uploadWithGrant(grant.body, await cameraJpeg({ width: 64, height: 48 }), 'image/jpeg')).toBeLessThan(300);
  await stack.photos.idle();

  // the staff side: full view, verify, notes, an edit, work, resolve, reopen, resolve, close
  const view = await staff('GET', `/v1/staff/reports/${id}`);
  expect(JSON.stringify(view.body)).toMatch(phonePattern(PHONES.reporter.nsn)); // staff do see it: the capture would notice a leak
  await move(id, { to: 'verified', unit: 'verifikasi', note: 'Sudah dicek di lokasi' });
  expect((await staff('POST', `/v1/staff/reports/${id}/notes`, { text: 'Warga menelepon lagi', visibility: 'internal' })).status).toBe(201);
  expect((await staff('POST', `/v1/staff/reports/${id}/notes`, { text: 'Tim dijadwalkan minggu ini', visibility: 'public' })).status).toBe(201);
  const etag = (await staff('GET', `/v1/staff/reports/${id}`)).headers.get('etag')!;
  expect((await staff('PATCH', `/v1/staff/reports/${id}`, { priority: 'high', description: 'Jalan berlubang di depan pasar (nomor pelapor dihapus)' }, { 'if-match': etag })).status).toBe(200);
  await move(id, { to: 'in_progress', note: 'Tim menuju lokasi', expectedAt: `${PLAN_YEAR}-01-31` });
  await move(id, { to: 'resolved', note: 'Sudah diperbaiki' });
  await move(id, { to: 'in_progress', note: 'Warga lapor belum beres' });
  await move(id, { to: 'resolved', note: 'Diperbaiki ulang' });
  await move(id, { to: 'closed', reason: 'Warga sudah mengonfirmasi perbaikan' });
  for (const path of [`/v1/reports/${id}`, '/v1/reports?status=closed'])
    expect((await pub('GET', path)).status).toBe(200);
  const reporter = `+62${PHONES.reporter.nsn}`;
  // received, verified, in progress, resolved, in progress, resolved, closed
  expect(await smsFor(reporter, 7, 20_000)).toHaveLength(7);

  // a duplicate: its reporter follows the original's updates
  const original = (await pub('POST', '/v1/reports', validReport({ reporter: { phone: PHONES.reporter.typed } }))).body.id as string;
  const duplicate = (await pub('POST', '/v1/reports', validReport({ reporter: { phone: PHONES.follower.typed, language: 'en' } }))).body.id as string;
  await move(duplicate, { to: 'duplicate', duplicateOf: original });
  await move(original, { to: 'verified', unit: 'bina-marga' });
  expect(await smsFor(`+62${PHONES.follower.nsn}`, 3, 20_000)).toHaveLength(3);

  // an anonymous report: not even officials see the number
  const anonymous = (await pub('POST', '/v1/reports', validReport({ reporter: { phone: PHONES.anonymous.typed, anonymous: true, name: 'Rahasia' } }))).body.id as string;
  expect(JSON.stringify((await staff('GET', `/v1/staff/reports/${anonymous}`)).body)).not.toMatch(phonePattern(PHONES.anonymous.nsn));

  // the SMS provider failing for a while (retried), then a number it always refuses (recorded failed)
  stack.sms.failNext(3);
  const flaky = (await pub('POST', '/v1/reports', validReport({ reporter: { phone: PHONES.follower.typed } }))).body.id as string;
  expect((await deliveriesSettled(flaky, 1)).map((d) => d.status)).toEqual(['sent']);
  stack.sms.failAlways(`+62${PHONES.refused.nsn}`);
  const refused = (await pub('POST', '/v1/reports', validReport({ reporter: { phone: PHONES.refused.typed } }))).body.id as string;
  expect((await deliveriesSettled(refused, 1)).map((d) => d.status)).toEqual(['failed']);
  stack.sms.failAlways(null);

  // an escalation run over all of it
  await stack.escalation.runNow();

  // the capture worked: it holds the functions' JSON lines and the local runner's lines
  const lines = captured.join('').split('\n');
  expect(lines.some((l) => l.includes('"message":"SMS sent"')), 'Powertools log lines were captured').toBe(true);
  expect(lines.some((l) => l.includes('[sms]')), 'the SMS sink lines were captured').toBe(true);
  expect(lines.some((l) => l.includes('"level":"DEBUG"')), 'debug lines were captured').toBe(true);

  const leaks = lines.flatMap((line) => PATTERNS.filter((p) => p.re.test(line)).map((p) => `${p.nsn} in: ${line.slice(0, 400)}`));
  expect(leaks, 'log lines with a phone number').toEqual([]);
  const publicLeaks = publicAnswers.flatMap((a) => PATTERNS.filter((p) => p.re.test(a.text)).map((p) => `${p.nsn} in ${a.what}: ${a.text.slice(0, 300)}`));
  expect(publicLeaks, 'public answers with a phone number').toEqual([]);
  expect(publicAnswers.length).toBeGreaterThan(20);
}, 60_000);

it('an Open311 relay: no number, e-mail or name in any log line or Open311 answer', async () => {
  process.env.OPEN311_API_KEYS = 'log-privacy-key';
  const from = captured.length;
  const email = 'dewi.lestari@example.org';
  const form = new URLSearchParams({
    api_key: 'log-privacy-key',
    service_code: 'lainnya',
    description: 'Pohon tumbang menutupi jalan desa',
    lat: '-6.2',
    long: '106.3',
    'attribute[kecamatan]': 'cikande',
    email,
    first_name: 'Dewi',
    last_name: 'Lestarini',
    phone: PHONES.anonymous.typed,
  });
  const answers: string[] = [];
  const open311 = async (method: string, path: string, body?: string) => {
    const res = await fetch(stack.url + path, { method, ...(body && { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }) });
    const text = await res.text();
    answers.push(text);
    return { status: res.status, text };
  };
  const created = await open311('POST', '/open311/v2/requests.json', form.toString());
  expect(created.status, created.text).toBe(200);
  const id = (JSON.parse(created.text) as { service_request_id: string }[])[0]!.service_request_id;
  // refused ones too: a bad e-mail, a bad number, a wrong key
  for (const [k, v] of [['email', `${email}>`], ['phone', `${PHONES.anonymous.typed}#`], ['api_key', 'wrong']] as const)
    expect((await open311('POST', '/open311/v2/requests.xml', new URLSearchParams({ ...Object.fromEntries(form), [k]: v }).toString())).status).toBeGreaterThanOrEqual(400);
  expect((await staff('GET', `/v1/staff/reports/${id}`)).body.reporter).toMatchObject({ email, name: 'Dewi Lestarini' });
  await move(id, { to: 'verified', unit: 'verifikasi', note: 'Dicek' });
  for (const path of [`/open311/v2/requests/${id}.json`, `/open311/v2/requests/${id}.xml`, '/open311/v2/requests.json', `/open311/v2/servicerequestupdates.xml`])
    expect((await open311('GET', path)).status).toBe(200);
  await deliveriesSettled(id, 2);

  const secrets = [email, 'Lestarini', ...PATTERNS.map((p) => p.re)];
  const found = (text: string) => secrets.filter((s) => (typeof s === 'string' ? text.includes(s) : s.test(text))).map(String);
  const lines = captured.slice(from).join('').split('\n');
  expect(lines.some((l) => l.includes('"message":"SMS sent"') && l.includes(id)), 'the SMS to the relayed number was logged').toBe(true);
  expect(lines.flatMap((l) => found(l).map((s) => `${s} in: ${l.slice(0, 300)}`)), 'log lines with contact data').toEqual([]);
  expect(answers.flatMap((a) => found(a).map((s) => `${s} in: ${a.slice(0, 300)}`)), 'Open311 answers with contact data').toEqual([]);
}, 60_000);
