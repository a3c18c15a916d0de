/**
 * One escalation run: every open report whose stage deadline has passed goes one rung up the ladder, every resolved
 * report whose auto-close time has passed is closed, and each official hears of their share in one digest.
 *
 * - Reads: the sparse deadline index, one page at a time, shards in turn (DL#0..3, then AC#0..3), only items due
 *   by the run's clock. Work done moves an item out of the range read (its new deadline is later than `now`, or it
 *   leaves the index), so paging never meets an item twice and a stopped run leaves exactly the rest.
 * - Writes: per report, one transaction of the report and its history event, conditioned on what was read
 *   (version, status, level and deadline). A `conflict` means another run or an official got there first: the
 *   report is skipped and counted, never escalated twice.
 * - Time: before each page and each report the run checks the time it has left; below the safety margin it stops,
 *   sends the digests of what it did, and reports `complete: false`. The next run carries on.
 * - Digests go out after the writes, one per recipient (and part, when large). A digest that fails to send is
 *   logged and counted; the escalation itself stands in the history (at most once for the message, exactly once
 *   for the state change).
 */
import { holdsContact as holdsReporterContact, withoutContactDetails } from '../domain/contact';
import { movedReport } from '../use-cases/staff/transition-report';
import { recordChange } from '../domain/record-change';
import type { EscalationRung, Jurisdiction } from '../config/jurisdiction';
import { SETTING_DEFAULTS } from '../config/setting-defaults';
import type { HistoryEvent, Report } from '../domain/report';
import { maxAgeEnd } from '../domain/retention';
import { canEscalate, checkMove, isTerminal } from '../domain/status-machine';
import type { WorkingCalendar } from '../domain/working-calendar';
import type { DeadlineKind, DigestPublisher, EscalationStore, StartKey } from './ports';
import { DEFAULT_DIGEST_MAX_BYTES, renderDigests, type DigestNames, type DigestRow } from './digest';
import { latenessOf, nextStep, recipientFor, recipientKey, type Recipient } from './ladder';
import type { UnitNotice } from '../adapters/dynamodb/unit-notice-items';
import { silentLog, type LogPort } from '../observability/ports';

/**
 * The stage deadline a report first missed, kept on the report while it climbs the ladder, so "how late" is
 * counted from the SLA deadline and not from the last rung's. Only meaningful while escalationLevel > 0.
 */
export type EscalatableReport = Report & { overdueSince?: string };

export interface EscalationSettings {
  ladder: readonly EscalationRung[];
  unassignedUnit: string;
  calendar: WorkingCalendar;
  names: DigestNames;
  /** items per Query page */
  pageSize: number;
  /** stop when less than this is left of the invocation: enough to send the digests and return */
  safetyMarginMs: number;
  digestMaxBytes: number;
  /** reports written at the same time */
  concurrency: number;
}

export const DEFAULT_PAGE_SIZE = SETTING_DEFAULTS.ESCALATION_PAGE_SIZE;
export const DEFAULT_SAFETY_MARGIN_MS = SETTING_DEFAULTS.ESCALATION_SAFETY_MARGIN_MS;
export const DEFAULT_CONCURRENCY = 8;

export function escalationSettings(j: Jurisdiction, overrides: Partial<EscalationSettings> = {}): EscalationSettings {
  return {
    ladder: j.escalation.ladder,
    unassignedUnit: j.escalation.unassignedUnit,
    calendar: j.workingCalendar,
    names: { serviceName: j.serviceName, timeZone: j.timeZone, categories: j.categories, districts: j.districts, units: j.units, defaultLanguage: j.defaultLanguage },
    pageSize: DEFAULT_PAGE_SIZE,
    safetyMarginMs: DEFAULT_SAFETY_MARGIN_MS,
    digestMaxBytes: DEFAULT_DIGEST_MAX_BYTES,
    concurrency: DEFAULT_CONCURRENCY,
    ...overrides,
  };
}


export interface EscalationDeps {
  store: EscalationStore;
  publisher: DigestPublisher;
  settings: EscalationSettings;
  /** the run's clock, read once: every deadline of the run is counted from it */
  now: Date;
  /** milliseconds left of the invocation (context.getRemainingTimeInMillis) */
  remainingMs: () => number;
  log?: Pick<LogPort, 'info' | 'warn' | 'error'>;
}

export interface EscalationSummary {
  /** reports raised one level */
  escalated: number;
  /** reports already at the top whose recipient was reminded */
  reminded: number;
  autoClosed: number;
  /** finished reports whose reporter number and name were removed (data retention) */
  contactsRemoved: number;
  /** writes that lost to another run or an official (nothing done, nothing lost) */
  skippedConflicts: number;
  /** reports that failed for another reason (logged; the next run tries again) */
  failed: number;
  /** index items read: follows the number of due reports, not the table size */
  itemsRead: number;
  digestsSent: number;
  digestsFailed: number;
  /** false when the time budget ran out before the index was read to `now`: the next run carries on */
  complete: boolean;
}

const SYSTEM_ESCALATION = { role: 'system', id: 'escalation' } as const;
const SYSTEM_AUTO_CLOSE = { role: 'system', id: 'auto-close' } as const;
const SYSTEM_RETENTION = { role: 'system', id: 'retention' } as const;


interface DigestGroup {
  recipient: Recipient;
  rung: EscalationRung;
  rows: DigestRow[];
  /** reopenings by citizens told in this digest: removed once it went out */
  notices?: UnitNotice[];
}

const holdsContact = (report: EscalatableReport) => holdsReporterContact(report.reporter);

/**
 * What the retention purge leaves of a report: no number, name or e-mail, the published (masked) description in
 * place of the original, no location suggested from a photo; and the internal event that records it.
 */
function withoutContact(report: EscalatableReport, why: string, nowIso: string): { next: EscalatableReport; event: HistoryEvent } {
  const reporter = withoutContactDetails(report.reporter);
  const { suggestedLocation: _suggested, ...kept } = report;
  const stripped: EscalatableReport = {
    ...kept,
    description: report.publicDescription,
    reporter: { ...reporter, showName: false },
    contactRemovedAt: nowIso,
  };
  const { report: next, event } = recordChange(
    stripped,
    { type: 'edit', actor: { ...SYSTEM_RETENTION }, visibility: 'internal', notify: false, data: { field: 'reporter', to: why } },
    nowIso,
  );
  return { next, event };
}

/** Notices read per run; more wait for the next one. */
const NOTICES_PER_RUN = 200;

export async function runEscalation(deps: EscalationDeps): Promise<EscalationSummary> {
  const { store, settings, now } = deps;
  const log = deps.log ?? silentLog;
  const nowIso = now.toISOString();
  const summary: EscalationSummary = {
    escalated: 0,
    reminded: 0,
    autoClosed: 0,
    contactsRemoved: 0,
    skippedConflicts: 0,
    failed: 0,
    itemsRead: 0,
    digestsSent: 0,
    digestsFailed: 0,
    complete: true,
  };
  const groups = new Map<string, DigestGroup>();
  const outOfTime = () => deps.remainingMs() < settings.safetyMarginMs;

  async function escalate(report: EscalatableReport): Promise<void> {
    // the index may lag the table by a moment; what it shows must still be overdue and open
    if (!canEscalate(report.status) || report.dueAt === undefined || report.dueAt > nowIso) return;
    const level = Number.isInteger(report.escalationLevel) ? report.escalationLevel : 0;
    const step = nextStep(level, report.priority, settings.ladder, settings.calendar, now);
    const overdueSince = level > 0 && report.overdueSince ? report.overdueSince : report.dueAt;
    const recipient = recipientFor(step.rung, report.unit, settings.unassignedUnit);
    const raised: EscalatableReport = { ...report, escalationLevel: step.level, dueAt: step.dueAt.toISOString(), overdueSince };
    const { report: next, event } = recordChange(raised, {
      type: 'escalated',
      actor: { ...SYSTEM_ESCALATION },
      // The public sees that a report was escalated, once per level; reminders at the top are for staff
      visibility: step.repeat ? 'internal' : 'public',
      // officials hear through the digest; the citizen is not texted about escalations
      notify: false,
      data: {
        level: step.level,
        recipient: recipient.recipient,
        ...(recipient.unit !== undefined && { unit: recipient.unit }),
        ...(step.repeat && { repeat: true }),
        missedDueAt: report.dueAt,
        nextDueAt: raised.dueAt,
        overdueSince,
      },
    }, nowIso);
    const outcome = await store.write({
      report: next,
      event,
      read: { version: report.version, status: report.status, escalationLevel: report.escalationLevel, dueAt: report.dueAt },
    });
    if (outcome === 'conflict') {
      summary.skippedConflicts += 1;
      return;
    }
    if (step.repeat) summary.reminded += 1;
    else summary.escalated += 1;
    const key = recipientKey(recipient);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { recipient, rung: step.rung, rows: [] }));
    group.rows.push({
      code: report.id,
      category: report.category,
      district: report.district,
      status: report.status,
      ...(report.unit !== undefined && { unit: report.unit }),
      lateness: latenessOf(new Date(overdueSince), now, settings.calendar),
      repeat: step.repeat,
    });
  }

  async function autoClose(report: EscalatableReport): Promise<void> {
    if (report.status !== 'resolved' || report.autoCloseAt === undefined || report.autoCloseAt > nowIso) return;
    // the one table of moves decides, as for any official's move
    const verdict = checkMove({
      from: report.status,
      to: 'closed',
      actor: { role: 'system' },
      report: { unit: report.unit, district: report.district, code: report.id },
      fields: {},
      known: { units: [], agencies: [] },
      now,
    });
    if (!verdict.ok) throw new Error(`auto-close refused by the status machine: ${verdict.message.en}`);
    // the same state change an official's resolved → closed makes
    const { report: next, event } = recordChange(movedReport(report, { to: 'closed' }, undefined, now), {
      type: 'status',
      actor: { ...SYSTEM_AUTO_CLOSE },
      from: 'resolved',
      to: 'closed',
      visibility: 'public',
      // the citizen gets the "closed" SMS, as when an official closes it
      notify: true,
      data: { autoClose: true },
    }, nowIso);
    const outcome = await store.write({
      report: next,
      event,
      read: { version: report.version, status: 'resolved', autoCloseAt: report.autoCloseAt },
    });
    if (outcome === 'conflict') summary.skippedConflicts += 1;
    else summary.autoClosed += 1;
  }

  /**
   * Data retention (UU 27/2022): a finished report loses its reporter's number, name and e-mail, and the free text that can
   * no longer be justified: the original description gives way to the published (masked) one, and the location
   * suggested from a photo's GPS goes. The report itself stays as a public record.
   */
  async function removeContact(report: EscalatableReport): Promise<void> {
    if (report.purgeAt === undefined || report.purgeAt > nowIso || !holdsContact(report)) return;
    const { next, event } = withoutContact(report, 'contact removed after the retention period', nowIso);
    delete next.purgeAt;
    const outcome = await store.write({ report: next, event, read: { version: report.version, status: report.status, purgeAt: report.purgeAt }, dropContact: true });
    if (outcome === 'conflict') summary.skippedConflicts += 1;
    else summary.contactsRemoved += 1;
  }

  /**
   * Data retention for reports that never finish: past the maximum age after it was made, an open report loses
   * the same as a finished one at its purge. It stays open and in the staff queues; only the SMS updates end.
   */
  async function removeStaleContact(report: EscalatableReport): Promise<void> {
    if (isTerminal(report.status) || !holdsContact(report)) return;
    if (maxAgeEnd(report.createdAt) > nowIso) return;
    const { next, event } = withoutContact(report, 'contact removed after the maximum age of an open report', nowIso);
    const outcome = await store.write({ report: next, event, read: { version: report.version, status: report.status }, dropContact: true });
    if (outcome === 'conflict') summary.skippedConflicts += 1;
    else summary.contactsRemoved += 1;
  }

  /** Handles the reports of one page, a few at a time; false when the time budget ran out first. */
  async function handlePage(reports: EscalatableReport[], handle: (r: EscalatableReport) => Promise<void>): Promise<boolean> {
    let index = 0;
    let stopped = false;
    const worker = async () => {
      while (!stopped && index < reports.length) {
        if (outOfTime()) {
          stopped = true;
          return;
        }
        const report = reports[index++]!;
        try {
          await handle(report);
        } catch (err) {
          summary.failed += 1;
          log.error('escalation: report failed', { code: report.id, error: (err as Error).name, message: (err as Error).message });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(settings.concurrency, reports.length)) }, worker));
    return !stopped;
  }

  /** Reads one kind of due item to `now`, a page per shard in turn; false when the time budget ran out. */
  async function sweep(kind: DeadlineKind, handle: (r: EscalatableReport) => Promise<void>): Promise<boolean> {
    const cursors: Array<{ partition: string; start?: StartKey; done: boolean }> = store.partitions(kind).map((partition) => ({
      partition,
      done: false,
    }));
    while (cursors.some((c) => !c.done)) {
      for (const cursor of cursors) {
        if (cursor.done) continue;
        if (outOfTime()) return false;
        const page = await store.queryDue(cursor.partition, nowIso, settings.pageSize, cursor.start);
        summary.itemsRead += page.reports.length;
        if (!(await handlePage(page.reports, handle))) return false;
        if (page.next) cursor.start = page.next;
        else cursor.done = true;
      }
    }
    return true;
  }

  summary.complete =
    (await sweep('overdue', escalate)) && (await sweep('auto-close', autoClose)) && (await sweep('retention', removeContact)) &&
    (await sweep('max-age', removeStaleContact));

  // Reopenings by citizens go to the first rung of the report's unit (its head), beside any escalations.
  if (store.pendingNotices && !outOfTime()) {
    const rung = settings.ladder[0]!;
    for (const notice of await store.pendingNotices(NOTICES_PER_RUN)) {
      const recipient = recipientFor(rung, notice.unit, settings.unassignedUnit);
      const key = recipientKey(recipient);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { recipient, rung, rows: [] }));
      group.rows.push({
        code: notice.code,
        category: notice.category,
        district: notice.district,
        status: 'in_progress',
        ...(notice.unit !== undefined && { unit: notice.unit }),
        lateness: { workingMs: 0, workingDays: 0 },
        repeat: false,
        reopenedByCitizen: notice.reopening,
      });
      (group.notices ??= []).push(notice);
    }
  }

  for (const group of groups.values()) {
    let allSent = true;
    for (const message of renderDigests(group.recipient, group.rung, group.rows, settings.names, now, settings.digestMaxBytes)) {
      try {
        await deps.publisher.publish(message);
        summary.digestsSent += 1;
      } catch (err) {
        allSent = false;
        summary.digestsFailed += 1;
        log.error('escalation: digest not sent', {
          recipient: group.recipient,
          part: message.part,
          codes: group.rows.map((r) => r.code),
          error: (err as Error).name,
        });
      }
    }
    // a notice stays until a digest carrying it went out: told at least once
    if (allSent)
      for (const notice of group.notices ?? [])
        await store.clearNotice?.(notice).catch((err: unknown) => log.warn('escalation: notice not cleared', { code: notice.code, error: (err as Error).name }));
  }
  return summary;
}
