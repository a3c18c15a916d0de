/**
 * The escalation run against an in-memory store that keeps the same index and conditions as the DynamoDB adapter
 * (derived by the real report-items mapping), with SNS mocked: levels, digests per recipient, the top of the
 * ladder, auto-close, conflicts, failures and the time budget. The same run on DynamoDB Local is in
 * test/integration/escalation-run.test.ts.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { deadlinePartitions } from '../../shared/adapters/dynamodb/escalation-store';
import type { DeadlineKind, DuePage, EscalationStore, GuardedWrite, StartKey, WriteOutcome } from '../../shared/escalation/ports';
import { toReportItem } from '../../shared/adapters/dynamodb/report-items';
import { SnsOfficialDigestPublisher } from '../../shared/adapters/sns/official-digest-publisher';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { createEscalateHandler } from '../../shared/escalation/handler';
import { escalationSettings, runEscalation, type EscalatableReport, type EscalationSettings } from '../../shared/escalation/run-escalation';
import { toPublicView, type HistoryEvent, type Report } from '../../shared/domain/report';
import { toStaffView } from '../../shared/domain/staff-view';

const TOPIC = 'arn:aws:sns:ap-southeast-3:123456789012:si-centang-escalations';
const wib = (local: string) => new Date(`${local}+07:00`);
const NOW = wib('2026-11-30T10:00'); // Monday
const H = 3_600_000;

class MemoryStore implements EscalationStore {
  reports = new Map<string, EscalatableReport>();
  events: HistoryEvent[] = [];
  queries = 0;
  /** called before each write; may change the stored report (an official acting at the same moment) */
  beforeWrite?: (change: GuardedWrite) => void;

  put(report: EscalatableReport) {
    this.reports.set(report.id, structuredClone(report));
  }

  partitions(kind: DeadlineKind): string[] {
    return deadlinePartitions(kind);
  }

  async queryDue(partition: string, now: string, limit: number, start?: StartKey): Promise<DuePage> {
    this.queries += 1;
    const due = [...this.reports.values()]
      .map((r) => ({ r, item: toReportItem(r) }))
      .filter(({ item }) => item.deadlineKey === partition && typeof item.deadlineAt === 'string' && item.deadlineAt <= now)
      .sort((a, b) => String(a.item.deadlineAt).localeCompare(String(b.item.deadlineAt)) || a.r.id.localeCompare(b.r.id));
    const from = start ? due.findIndex(({ r }) => r.id === start.id) + 1 : 0;
    const page = due.slice(from, from + limit);
    const more = from + limit < due.length;
    return { reports: page.map(({ r }) => structuredClone(r)), ...(more && { next: { id: page.at(-1)!.r.id } }) };
  }

  async write(change: GuardedWrite): Promise<WriteOutcome> {
    this.beforeWrite?.(change);
    const current = this.reports.get(change.report.id);
    const { read } = change;
    if (
      !current ||
      current.version !== read.version ||
      current.status !== read.status ||
      (read.escalationLevel !== undefined && current.escalationLevel !== read.escalationLevel) ||
      (read.dueAt !== undefined && current.dueAt !== read.dueAt) ||
      (read.autoCloseAt !== undefined && current.autoCloseAt !== read.autoCloseAt)
    )
      return 'conflict';
    this.reports.set(change.report.id, structuredClone(change.report));
    this.events.push(change.event);
    return 'written';
  }
}

let n = 0;
function report(overrides: Partial<EscalatableReport> = {}): EscalatableReport {
  n += 1;
  const at = wib('2026-11-20T09:00').toISOString();
  return {
    id: `T${String(n).padStart(3, '2')}-UNIT`,
    version: 3,
    status: 'verified',
    category: 'jalan-rusak',
    district: 'cikande',
    priority: 'normal',
    description: 'Jalan berlubang',
    publicDescription: 'Jalan berlubang',
    reporter: { phone: '+6281234567890', showName: false, anonymous: false, language: 'id' },
    confidential: false,
    unit: 'bina-marga',
    createdAt: at,
    updatedAt: at,
    dueAt: wib('2026-11-27T16:00').toISOString(),
    escalationLevel: 0,
    eventCount: 3,
    ...overrides,
  };
}

const sns = mockClient(SNSClient);
let store: MemoryStore;

function run(overrides: Partial<EscalationSettings> = {}, extra: { now?: Date; remainingMs?: () => number } = {}) {
  return runEscalation({
    store,
    publisher: new SnsOfficialDigestPublisher(new SNSClient({ region: 'ap-southeast-3' }), TOPIC),
    settings: escalationSettings(jurisdiction, overrides),
    now: extra.now ?? NOW,
    remainingMs: extra.remainingMs ?? (() => 300_000),
  });
}

const published = () =>
  sns.commandCalls(PublishCommand).map((c) => {
    const input = c.args[0].input;
    const attr = input.MessageAttributes ?? {};
    // one message per protocol: the full list is what e-mail (and `default`) subscribers get
    const full = (JSON.parse(input.Message ?? '{}') as { default?: string }).default ?? '';
    return {
      level: Number(attr.level?.StringValue),
      recipient: attr.recipient?.StringValue,
      unit: attr.unit?.StringValue,
      codes: [...full.matchAll(/^\d+\. (\S+)/gm)].map((m) => m[1]).sort(),
      text: full,
    };
  });

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  store = new MemoryStore();
});

describe('escalating overdue reports', () => {
  it('raises an overdue open report one level with a new working-time deadline and an escalated event', async () => {
    const r = report();
    store.put(r);
    const summary = await run();
    expect(summary).toEqual({
      escalated: 1, reminded: 0, autoClosed: 0, contactsRemoved: 0, skippedConflicts: 0, failed: 0, itemsRead: 1, digestsSent: 1, digestsFailed: 0, complete: true,
    });
    const after = store.reports.get(r.id)!;
    expect(after).toMatchObject({
      escalationLevel: 1,
      version: 4,
      eventCount: 4,
      status: 'verified',
      updatedAt: NOW.toISOString(),
      // + 1 working day from the run's clock
      dueAt: wib('2026-12-01T10:00').toISOString(),
      overdueSince: r.dueAt,
    });
    expect(store.events).toEqual([
      {
        reportId: r.id,
        seq: 4,
        type: 'escalated',
        at: NOW.toISOString(),
        actor: { role: 'system', id: 'escalation' },
        visibility: 'public',
        notify: false,
        data: { level: 1, recipient: 'unit-head', unit: 'bina-marga', missedDueAt: r.dueAt, nextDueAt: after.dueAt, overdueSince: r.dueAt },
      },
    ]);
  });

  it('leaves alone what is not overdue or cannot escalate', async () => {
    store.put(report({ dueAt: wib('2026-11-30T10:01').toISOString() }));
    store.put(report({ status: 'resolved', dueAt: undefined, autoCloseAt: wib('2026-12-10T10:00').toISOString() }));
    store.put(report({ status: 'rejected', dueAt: undefined }));
    const summary = await run();
    expect(summary).toMatchObject({ escalated: 0, itemsRead: 0, complete: true });
    expect(store.events).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('sends one digest per recipient with that recipient\'s rows', async () => {
    const bm1 = report({ unit: 'bina-marga' });
    const bm2 = report({ unit: 'bina-marga', category: 'jembatan', status: 'in_progress' });
    const sda = report({ unit: 'sumber-daya-air', category: 'drainase', district: 'kopo' });
    const unassigned = report({ status: 'received', unit: undefined });
    const second = report({ escalationLevel: 1, overdueSince: wib('2026-11-20T16:00').toISOString() });
    const third = report({ escalationLevel: 2, unit: 'cipta-karya', category: 'bangunan-publik' });
    for (const r of [bm1, bm2, sda, unassigned, second, third]) store.put(r);

    const summary = await run();
    expect(summary).toMatchObject({ escalated: 6, digestsSent: 5 });
    const digests = published().sort((a, b) => a.level - b.level || String(a.unit).localeCompare(String(b.unit)));
    expect(digests.map(({ level, recipient, unit, codes }) => ({ level, recipient, unit, codes }))).toEqual([
      { level: 1, recipient: 'unit-head', unit: 'bina-marga', codes: [bm1.id, bm2.id].sort() },
      { level: 1, recipient: 'unit-head', unit: 'sumber-daya-air', codes: [sda.id] },
      { level: 1, recipient: 'unit-head', unit: 'verifikasi', codes: [unassigned.id] },
      { level: 2, recipient: 'department-head', unit: undefined, codes: [second.id] },
      { level: 3, recipient: 'regional-secretary', unit: undefined, codes: [third.id] },
    ]);
    // how late: from the stage deadline first missed (Friday 20th, 16:00), not from the last rung's deadline
    expect(digests[3]!.text).toMatch(new RegExp(`${second.id} \\| .* \\| terlambat 5 hari kerja`));
    // due Friday 16:00 (Friday closes 16:30): half an hour then, two and a half this Monday morning
    expect(digests[0]!.text).toMatch(new RegExp(`${bm1.id} .* terlambat 3 jam kerja`));
    expect(digests[4]!.text).toContain('Bidang Cipta Karya');
  });

  it('keeps a report at the top of the ladder and reminds the top rung each period, internally', async () => {
    const top = report({ escalationLevel: 3, overdueSince: wib('2026-11-02T16:00').toISOString() });
    store.put(top);
    const summary = await run();
    expect(summary).toMatchObject({ escalated: 0, reminded: 1, digestsSent: 1 });
    expect(store.reports.get(top.id)).toMatchObject({ escalationLevel: 3, dueAt: wib('2026-12-03T10:00').toISOString(), overdueSince: top.overdueSince });
    expect(store.events[0]).toMatchObject({ type: 'escalated', visibility: 'internal', notify: false, data: { level: 3, repeat: true } });
    expect(published()[0]!.text).toMatch(/\(pengingat\)/);

    // not again in the same period, and again once it passes
    expect((await run({}, { now: wib('2026-12-02T10:00') })).reminded).toBe(0);
    expect((await run({}, { now: wib('2026-12-03T10:00') })).reminded).toBe(1);
    expect(store.reports.get(top.id)!.escalationLevel).toBe(3);
  });

  it('climbs the whole ladder over the days, one level per missed step', async () => {
    const r = report();
    store.put(r);
    const levels: number[] = [];
    for (const day of ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10']) {
      await run({}, { now: wib(`${day}T10:00`) });
      levels.push(store.reports.get(r.id)!.escalationLevel);
    }
    // level 1 (+1 day), level 2 (+2 days), level 3 (+3 days), then reminders every 3 working days
    expect(levels).toEqual([1, 2, 2, 3, 3, 3, 3, 3, 3]);
    expect(store.events.map((e) => [e.data?.level, e.visibility])).toEqual([
      [1, 'public'], [2, 'public'], [3, 'public'], [3, 'internal'],
    ]);
  });

  it('uses the shorter step for urgent reports', async () => {
    const r = report({ priority: 'urgent' });
    store.put(r);
    await run();
    expect(store.reports.get(r.id)!.dueAt).toBe(wib('2026-11-30T14:00').toISOString());
  });
});

describe('conflicts, failures and the time budget', () => {
  it('skips a report an official changed after it was read, and tells nobody about it', async () => {
    const r = report();
    store.put(r);
    store.beforeWrite = () => store.put({ ...store.reports.get(r.id)!, version: 4, status: 'in_progress', dueAt: wib('2026-12-18T10:00').toISOString() });
    const summary = await run();
    expect(summary).toMatchObject({ escalated: 0, skippedConflicts: 1, digestsSent: 0 });
    expect(store.events).toEqual([]);
  });

  it('counts a failed report and carries on with the others', async () => {
    const [bad, good] = [report(), report()];
    store.put(bad);
    store.put(good);
    store.beforeWrite = (c) => {
      if (c.report.id === bad.id) throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
    };
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const summary = await runEscalation({
      store,
      publisher: new SnsOfficialDigestPublisher(new SNSClient({ region: 'ap-southeast-3' }), TOPIC),
      settings: escalationSettings(jurisdiction),
      now: NOW,
      remainingMs: () => 300_000,
      log,
    });
    expect(summary).toMatchObject({ escalated: 1, failed: 1, complete: true });
    expect(log.error).toHaveBeenCalledWith('escalation: report failed', expect.objectContaining({ code: bad.id, error: 'ProvisionedThroughputExceededException' }));
  });

  it('keeps the escalation when a digest cannot be sent, and counts it', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('denied'), { name: 'AuthorizationErrorException' }));
    store.put(report());
    const summary = await run();
    expect(summary).toMatchObject({ escalated: 1, digestsSent: 0, digestsFailed: 1 });
    expect(store.events).toHaveLength(1);
  });

  it('pages through a backlog and stops at the time budget; the next run does the rest, each report once', async () => {
    const backlog = Array.from({ length: 30 }, () => report());
    for (const r of backlog) store.put(r);
    let checks = 0;
    const first = await run({ pageSize: 4, safetyMarginMs: 5_000, concurrency: 1 }, { remainingMs: () => (++checks <= 15 ? 60_000 : 1_000) });
    expect(first.complete).toBe(false);
    expect(first.escalated).toBeGreaterThan(0);
    expect(first.escalated).toBeLessThan(30);
    const second = await run({ pageSize: 4 });
    expect(second).toMatchObject({ complete: true, escalated: 30 - first.escalated, skippedConflicts: 0 });
    const perReport = new Map<string, number>();
    for (const e of store.events) perReport.set(e.reportId, (perReport.get(e.reportId) ?? 0) + 1);
    expect([...perReport.values()]).toEqual(Array(30).fill(1));
    expect(second.itemsRead).toBe(30 - first.escalated);
  });

  it('does not even read when the budget is already spent', async () => {
    store.put(report());
    const summary = await run({ safetyMarginMs: 10_000 }, { remainingMs: () => 9_999 });
    expect(summary).toMatchObject({ complete: false, itemsRead: 0, escalated: 0 });
    expect(store.queries).toBe(0);
  });
});

describe('auto-close', () => {
  it('closes a resolved report once its auto-close time has passed, as the system, with the citizen SMS', async () => {
    const due = report({ status: 'resolved', dueAt: undefined, resolvedAt: wib('2026-11-16T10:00').toISOString(), autoCloseAt: wib('2026-11-30T09:00').toISOString(), escalationLevel: 2 });
    const later = report({ status: 'resolved', dueAt: undefined, autoCloseAt: wib('2026-12-01T09:00').toISOString() });
    store.put(due);
    store.put(later);
    const summary = await run();
    expect(summary).toMatchObject({ autoClosed: 1, escalated: 0, itemsRead: 1, digestsSent: 0 });
    const closed = store.reports.get(due.id)!;
    expect(closed).toMatchObject({ status: 'closed', version: 4, eventCount: 4, closedAt: NOW.toISOString(), escalationLevel: 2 });
    expect(closed.autoCloseAt).toBeUndefined();
    expect(closed.dueAt).toBeUndefined();
    expect(store.events).toEqual([
      {
        reportId: due.id, seq: 4, type: 'status', at: NOW.toISOString(), actor: { role: 'system', id: 'auto-close' },
        from: 'resolved', to: 'closed', visibility: 'public', notify: true, data: { autoClose: true },
      },
    ]);
    // closed: out of the auto-close partition, into the retention one
    expect(toReportItem(closed).deadlineKey).toMatch(/^PG#/);
    expect(store.reports.get(later.id)!.status).toBe('resolved');
  });

  it('does not close a report that was reopened after it was read', async () => {
    const r = report({ status: 'resolved', dueAt: undefined, autoCloseAt: wib('2026-11-30T09:00').toISOString() });
    store.put(r);
    store.beforeWrite = () => store.put({ ...r, version: 4, status: 'in_progress', autoCloseAt: undefined, dueAt: wib('2026-12-18T10:00').toISOString() });
    expect(await run()).toMatchObject({ autoClosed: 0, skippedConflicts: 1 });
  });
});

describe('what the public and staff see', () => {
  it('the public view shows that the report was escalated, not to whom; staff see the level and the event', async () => {
    const r = report();
    store.put(r);
    await run();
    const after = store.reports.get(r.id)! as Report;
    const events: HistoryEvent[] = [
      { reportId: r.id, seq: 1, type: 'created', at: r.createdAt, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true },
      ...store.events,
    ];
    const pub = toPublicView(after, events);
    expect(pub.escalated).toBe(true);
    expect(pub.history.at(-1)).toEqual({ at: NOW.toISOString(), type: 'escalated' });
    const text = JSON.stringify(pub);
    for (const secret of ['unit-head', 'recipient', 'level', 'bina-marga', 'overdueSince', 'missedDueAt']) expect(text).not.toContain(secret);

    const staff = toStaffView(after, events, { role: 'triage' }, NOW);
    expect(staff.escalationLevel).toBe(1);
    expect(staff.history.at(-1)).toMatchObject({ type: 'escalated', data: { level: 1, recipient: 'unit-head', unit: 'bina-marga' } });
  });
});

describe('the handler', () => {
  it('runs on the handler clock within the invocation budget, logs the summary and publishes metrics', async () => {
    store.put(report());
    const metrics = { addMetric: vi.fn(), publishStoredMetrics: vi.fn() };
    const debug = vi.fn();
    const log = { debug, info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const handler = createEscalateHandler({
      store,
      publisher: new SnsOfficialDigestPublisher(new SNSClient({ region: 'ap-southeast-3' }), TOPIC),
      settings: escalationSettings(jurisdiction),
      clock: () => NOW,
      log,
      metrics,
    });
    const summary = await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, { getRemainingTimeInMillis: () => 120_000 });
    expect(summary).toMatchObject({ escalated: 1, complete: true });
    expect(log.info).toHaveBeenCalledWith('escalation run', expect.objectContaining({ now: NOW.toISOString(), escalated: 1 }));
    expect(metrics.addMetric).toHaveBeenCalledWith('ReportsEscalated', 'Count', 1);
    expect(metrics.addMetric).toHaveBeenCalledWith('ReportsAutoClosed', 'Count', 0);
    expect(metrics.addMetric).toHaveBeenCalledWith('EscalationRunIncomplete', 'Count', 0);
    expect(metrics.publishStoredMetrics).toHaveBeenCalledOnce();

    // nothing due: a heartbeat at debug level, not an info line every 15 minutes
    log.info.mockClear();
    await handler({}, { getRemainingTimeInMillis: () => 120_000 });
    expect(log.info).not.toHaveBeenCalled();
    expect(debug).toHaveBeenCalledWith('escalation run', expect.objectContaining({ itemsRead: 0 }));

    store.put(report());
    const stopped = await handler({}, { getRemainingTimeInMillis: () => 1_000 });
    expect(stopped.complete).toBe(false);
    expect(metrics.addMetric).toHaveBeenCalledWith('EscalationRunIncomplete', 'Count', 1);
    expect(log.warn).toHaveBeenCalled();
  });
});

describe('holiday list upkeep', () => {
  it('warns once the run is in a year the holiday list does not cover', async () => {
    const { holidayListLapsed } = await import('../../shared/escalation/handler');
    expect(holidayListLapsed(jurisdiction.workingCalendar.holidays, new Date('2027-06-01T00:00:00Z'))).toBeUndefined();
    expect(holidayListLapsed(jurisdiction.workingCalendar.holidays, new Date('2028-01-03T00:00:00Z'))).toBe('2027');
    expect(holidayListLapsed([], new Date('2028-01-03T00:00:00Z'))).toBeUndefined();
  });
});
