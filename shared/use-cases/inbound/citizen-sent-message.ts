/**
 * "A citizen sent a message": one inbound text message, from whichever channel (the SNS topic of AWS End User
 * Messaging, a gateway's signed webhook, later WhatsApp), in; at most one state change and at most one reply out.
 *
 *   already recorded (the provider's message id)? → nothing, the first delivery was answered
 *   parse → look up (the named report, the sender's own reports by the reporter index, followers) → decide
 *   write, each in one conditional write or transaction together with the inbound record:
 *     YA/TIDAK: the report's state change and its history events (status machine, version condition) — the
 *               status SMS they trigger is the answer;
 *     BERHENTI/MULAI: the opt-out item; CEK, refusals: nothing else; help: the daily allowance counter.
 *   The inbound record carries the reply; the table stream hands it to the notifier (delivery record, daily cap,
 *   opt-out), so a reply survives an SMS provider outage like any status SMS.
 *
 * A report that changed under us (a version race with an official) is looked at again, a few times.
 */
import type { Jurisdiction, Language } from '../../config/jurisdiction';
import type { DynamoReportRepository } from '../../adapters/dynamodb/report-repository';
import { inboundItem, type InboundRecord, type DynamoInboundStore, type StoredReply } from '../../adapters/dynamodb/inbound-store';
import { reopenedNoticeItem } from '../../adapters/dynamodb/unit-notice-items';
import { decideReply, type Decision, type ReportFacts } from '../../domain/inbound/decide-reply';
import { parseReply, type ReplyCommand } from '../../domain/inbound/parse-reply';
import { normalizeMobile } from '../../domain/phone';
import { recordChanges } from '../../domain/record-change';
import type { Report } from '../../domain/report';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import { checkMove, dayIn, NOTE_MAX_LENGTH } from '../../domain/status-machine';
import { movedReport } from '../staff/transition-report';
import { replyText } from './reply-text';

export interface InboundMessage {
  /** which channel delivered it: message ids are unique per provider only */
  provider: string;
  messageId: string;
  /** the sender's number as the provider gives it */
  from: string;
  body: string;
}

export interface InboundDeps {
  repository: Pick<DynamoReportRepository, 'applyChange'>;
  store: Pick<DynamoInboundStore, 'hasInbound' | 'getReport' | 'reportsOf' | 'phoneFollower' | 'record' | 'recordWithOptOut' | 'recordHelp'>;
  jurisdiction: Jurisdiction;
  now: () => Date;
  /** help texts per number per day; beyond it nonsense is not answered */
  helpPerDay?: number;
}

export type InboundOutcome = 'duplicate' | 'bad-sender' | 'replied' | 'closed' | 'reopened' | 'opted-out' | 'opted-in' | 'help' | 'silenced';

export interface InboundResult {
  outcome: InboundOutcome;
  command?: ReplyCommand['kind'];
  reportId?: string;
  reply?: string;
}

const OWN_REPORTS_LOOKED_AT = 50;
const ATTEMPTS = 3;
// C0/C1 controls and bidi overrides: the reply becomes a history note staff read
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** The sender as E.164: any usual way of writing a number of the jurisdiction's country, or already E.164. */
function senderNumber(from: string, country: string): string | undefined {
  const trimmed = from.trim();
  return normalizeMobile(trimmed, country) ?? (/^\+[1-9]\d{6,14}$/.test(trimmed) ? trimmed : undefined);
}

export async function citizenSentMessage(message: InboundMessage, deps: InboundDeps): Promise<InboundResult> {
  const phone = senderNumber(message.from, deps.jurisdiction.phoneCountry);
  if (!phone || message.messageId === '') return { outcome: 'bad-sender' };
  // a version race with another writer, or our own record written meanwhile: look again
  return retryOnConflict(async (): Promise<InboundResult> => {
    if (await deps.store.hasInbound(message.provider, message.messageId)) return { outcome: 'duplicate' };
    return handleOnce(message, phone, deps);
  }, { attempts: ATTEMPTS });
}

async function relationTo(report: Report, phone: string, deps: InboundDeps): Promise<Pick<ReportFacts, 'relation' | 'relationLanguage'>> {
  if (report.reporter.phone === phone) return { relation: 'reporter', relationLanguage: report.reporter.language };
  for (const code of new Set(report.followers ?? [])) {
    const follower = await deps.store.getReport(code);
    if (follower?.reporter.phone === phone) return { relation: 'follower', relationLanguage: follower.reporter.language };
  }
  const entry = await deps.store.phoneFollower(report.id, phone);
  if (entry) return { relation: 'follower', ...(entry.language && { relationLanguage: entry.language }) };
  return { relation: 'none' };
}

async function factsOf(report: Report, phone: string, deps: InboundDeps): Promise<ReportFacts> {
  return {
    id: report.id,
    status: report.status,
    confidential: report.confidential,
    citizenReopenings: report.citizenReopenings ?? 0,
    ...(await relationTo(report, phone, deps)),
  };
}

async function handleOnce(message: InboundMessage, phone: string, deps: InboundDeps): Promise<InboundResult> {
  const now = deps.now();
  const command = parseReply(message.body);
  // The index says which reports are the number's (it may lag a moment); what is decided on is read consistently,
  // so a state change starts from the report's current version.
  const own = await deps.store.reportsOf(phone, OWN_REPORTS_LOOKED_AT);
  const fresh = async (candidates: Report[]) => (await Promise.all(candidates.map((r) => deps.store.getReport(r.id)))).filter((r): r is Report => r !== undefined);
  const named = command.code ? await deps.store.getReport(command.code) : undefined;
  const answering = !command.code && (command.kind === 'confirm' || command.kind === 'reject');
  const waiting = answering
    ? (await fresh(own.filter((r) => r.status === 'resolved' && r.reporter.phone === phone).slice(0, 3))).filter((r) => r.status === 'resolved')
    : [];
  const [newest] = !command.code && command.kind === 'status' && own[0] ? await fresh([own[0]]) : [];
  const reports = new Map([...waiting, ...(named ? [named] : []), ...(newest ? [newest] : [])].map((r) => [r.id, r]));

  const decision = decideReply({
    command,
    ...(named && { named: await factsOf(named, phone, deps) }),
    waiting: await Promise.all(waiting.slice(0, 2).map((r) => factsOf(r, phone, deps))),
    ...(newest && { newest: await factsOf(newest, phone, deps) }),
    ...(own[0] && { senderLanguage: own[0].reporter.language }),
    reopenLimit: deps.jurisdiction.citizenReopenLimit,
    defaultLanguage: deps.jurisdiction.defaultLanguage,
  });

  const base = { provider: message.provider, messageId: message.messageId, receivedAt: now.toISOString(), command: command.kind };
  const reportOf = (d: Decision) => ('report' in d && d.report ? reports.get(d.report.id) : undefined);
  const reply = (kind: Parameters<typeof replyText>[0], lang: Language, report?: Report, code?: string, exempt = false): StoredReply => {
    const r = replyText(kind, lang, deps.jurisdiction, report, code);
    return { kind: r.kind, text: r.text, language: lang, segments: r.segments, encoding: r.encoding, ...(exempt && { optOutExempt: true }) };
  };
  const result = (outcome: InboundOutcome, record: InboundRecord): InboundResult => ({
    outcome,
    command: command.kind,
    ...(record.reportId && { reportId: record.reportId }),
    ...(record.reply && { reply: record.reply.kind }),
  });

  switch (decision.action) {
    case 'reply': {
      const report = reportOf(decision);
      const record: InboundRecord = {
        ...base,
        outcome: 'replied',
        ...(report && { reportId: report.id }),
        reply: reply(decision.reply, decision.language, report, decision.code),
      };
      return (await deps.store.record(await inboundItem(record, phone))) ? result('replied', record) : { outcome: 'duplicate' };
    }
    case 'opt-out':
    case 'opt-in': {
      const optedOut = decision.action === 'opt-out';
      const record: InboundRecord = {
        ...base,
        outcome: decision.action === 'opt-out' ? 'opted-out' : 'opted-in',
        reply: reply(decision.reply, decision.language, undefined, undefined, optedOut),
      };
      const done = await deps.store.recordWithOptOut(await inboundItem(record, phone), phone, optedOut, base.receivedAt);
      return done ? result(record.outcome as InboundOutcome, record) : { outcome: 'duplicate' };
    }
    case 'help': {
      const answered: InboundRecord = { ...base, outcome: 'help', reply: reply('help', decision.language) };
      const silenced: InboundRecord = { ...base, outcome: 'silenced' };
      const day = dayIn(now, deps.jurisdiction.timeZone);
      const verdict = await deps.store.recordHelp(
        await inboundItem(answered, phone),
        await inboundItem(silenced, phone),
        phone,
        day,
        deps.helpPerDay ?? 1,
        Math.floor(now.getTime() / 1000),
      );
      if (verdict === 'duplicate') return { outcome: 'duplicate' };
      return verdict === 'answered' ? result('help', answered) : result('silenced', silenced);
    }
    case 'close':
    case 'reopen': {
      const report = reports.get(decision.report.id)!;
      const record: InboundRecord = { ...base, outcome: decision.action === 'close' ? 'closed' : 'reopened', reportId: report.id };
      await changeStatus(report, decision, message.body, record, phone, now, deps);
      return result(record.outcome as InboundOutcome, record);
    }
  }
}

/** YA closes, TIDAK reopens: the officials' move (status machine, version condition), made by the citizen. */
async function changeStatus(
  report: Report,
  decision: Extract<Decision, { action: 'close' | 'reopen' }>,
  body: string,
  record: InboundRecord,
  phone: string,
  now: Date,
  deps: InboundDeps,
): Promise<void> {
  const reopen = decision.action === 'reopen';
  const to = reopen ? 'in_progress' : 'closed';
  const note = reopen ? body.replace(CONTROL, ' ').trim().slice(0, NOTE_MAX_LENGTH) || 'TIDAK' : undefined;
  const verdict = checkMove({
    from: report.status,
    to,
    actor: { role: 'citizen' },
    report: { unit: report.unit, district: report.district, code: report.id },
    fields: note ? { note } : {},
    known: { units: [], agencies: [] },
    now,
    timeZone: deps.jurisdiction.timeZone,
  });
  // decideReply only moves resolved reports, which the machine lets a citizen close or reopen
  if (!verdict.ok) throw new Error(`The status machine refused a citizen's ${to}: ${verdict.message.en}`);

  const by = decision.report.relation === 'follower' ? 'follower' : 'reporter';
  const at = now.toISOString();
  const answer = reopen ? 'rejected' : 'confirmed';
  const reopenings = (report.citizenReopenings ?? 0) + (reopen ? 1 : 0);
  const moved: Report = movedReport(report, { to, ...(note && { note }) }, undefined, now);
  moved.citizenFeedback = { answer, at, by, channel: 'sms', ...(report.resolvedAt && { resolvedAt: report.resolvedAt }) };
  if (reopen) moved.citizenReopenings = reopenings;
  const actor = { role: 'citizen', id: by };
  const { report: next, events } = recordChanges(moved, [
    {
      type: 'status',
      actor,
      from: report.status,
      to,
      visibility: 'public',
      // the status SMS to the reporter and every follower is the answer to the YA/TIDAK
      notify: true,
      data: { via: 'sms', ...(moved.expectedAt && reopen && { expectedAt: moved.expectedAt }) },
    },
    // the citizen's own words are for the office: a text message may carry a name, a number or an address
    ...(note ? [{ type: 'note' as const, actor, note, visibility: 'internal' as const, notify: false }] : []),
    {
      type: 'feedback',
      actor,
      visibility: 'internal',
      notify: false,
      data: { answer, channel: 'sms', by, ...(report.resolvedAt && { resolvedAt: report.resolvedAt }), ...(reopen && { reopening: reopenings }) },
    },
  ], at);
  // the unit hears of a reopening in its next digest (shared/escalation/run-escalation.ts)
  const notice = reopen
    ? [reopenedNoticeItem({ code: report.id, ...(report.unit && { unit: report.unit }), category: report.category, district: report.district, at, reopening: reopenings })]
    : [];
  await deps.repository.applyChange({ report: next, expectedVersion: report.version, events, records: [await inboundItem(record, phone), ...notice] });
}
