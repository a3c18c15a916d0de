/**
 * "Exactly one SMS per status change per recipient", checked from both ends: the report's own records (history
 * events flagged `notify`, and the notifier's delivery records in the staff view) and what actually reached the SMS
 * sink's outbox. Used by the fault tests and by `npm run load`.
 *
 * For each report (its reporter as recipient; followers are not used by these runs):
 * - every notifying event has exactly one delivery record, `sent`, with a message id;
 * - the outbox holds exactly one message per such event: message ids match the delivery records one to one, each
 *   message names its report's code;
 * - nothing else went to the reporters' numbers (no duplicate, no stray), several reports from one number included.
 */

export interface LedgerReport {
  id: string;
  /** E.164, as the staff view shows it */
  phone: string;
  history: Array<{ seq?: unknown; type?: unknown; to?: unknown; notify?: unknown }>;
  smsDeliveries: Array<{ eventSeq?: unknown; recipient?: unknown; kind?: unknown; status?: unknown; messageId?: unknown }>;
}

export interface LedgerMessage {
  phoneNumber?: string;
  message: string;
  messageId: string;
}

/** The staff view's answer (GET /v1/staff/reports/{id}) as a ledger entry. */
export function ledgerEntry(view: {
  id: string;
  reporter: { phone?: string };
  history: LedgerReport['history'];
  smsDeliveries: LedgerReport['smsDeliveries'];
}): LedgerReport {
  if (!view.reporter.phone) throw new Error(`Report ${view.id} shows no phone number (anonymous?)`);
  return { id: view.id, phone: view.reporter.phone, history: view.history, smsDeliveries: view.smsDeliveries };
}

/** Everything that breaks "exactly once", as readable lines; empty when all is well. */
export function exactlyOnceProblems(reports: readonly LedgerReport[], outbox: readonly LedgerMessage[]): string[] {
  const problems: string[] = [];
  // message id → the report whose delivery record names it; phone → every message id due to that number
  const owner = new Map<string, string>();
  const duePerPhone = new Map<string, number>();
  for (const r of reports) {
    const due = r.history.filter((e) => e.notify === true).map((e) => Number(e.seq));
    duePerPhone.set(r.phone, (duePerPhone.get(r.phone) ?? 0) + due.length);
    const own = r.smsDeliveries.filter((d) => d.recipient === r.id);
    for (const seq of due) {
      const records = own.filter((d) => Number(d.eventSeq) === seq);
      if (records.length !== 1) {
        problems.push(`${r.id}#${seq}: ${records.length} delivery records`);
        continue;
      }
      const d = records[0]!;
      if (d.status !== 'sent') problems.push(`${r.id}#${seq}: delivery ${String(d.status)}${'reason' in d ? ` (${String((d as { reason?: unknown }).reason)})` : ''}`);
      else if (typeof d.messageId !== 'string') problems.push(`${r.id}#${seq}: sent without a message id`);
      else if (owner.has(d.messageId)) problems.push(`${r.id}#${seq}: message id ${d.messageId} also recorded for ${owner.get(d.messageId)}`);
      else owner.set(d.messageId, r.id);
    }
    const stray = own.filter((d) => !due.includes(Number(d.eventSeq)));
    if (stray.length > 0) problems.push(`${r.id}: delivery records for events that call for none: ${stray.map((d) => String(d.eventSeq)).join(', ')}`);
  }

  const seen = new Map<string, number>();
  const perPhone = new Map<string, number>();
  for (const m of outbox) {
    if (!m.phoneNumber || !duePerPhone.has(m.phoneNumber)) continue;
    perPhone.set(m.phoneNumber, (perPhone.get(m.phoneNumber) ?? 0) + 1);
    seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
    const id = owner.get(m.messageId);
    if (id === undefined) problems.push(`an SMS to ${m.phoneNumber} (${m.messageId}) that no delivery record accounts for: ${JSON.stringify(m.message)}`);
    else if (!m.message.includes(id)) problems.push(`${id}: its SMS does not name the code: ${JSON.stringify(m.message)}`);
  }
  for (const [id, n] of seen) if (n > 1) problems.push(`message ${id} recorded ${n} times`);
  for (const [messageId, id] of owner) if (!seen.has(messageId)) problems.push(`${id}: delivery ${messageId} is "sent" but never reached the outbox`);
  for (const [phone, due] of duePerPhone) {
    const got = perPhone.get(phone) ?? 0;
    if (got !== due) problems.push(`${phone.slice(0, 6)}…: ${got} SMS in the outbox for ${due} notifying events`);
  }
  return problems;
}
