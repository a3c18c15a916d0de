/**
 * SMS coalescing: fewer SMS per report without losing one the citizen needs.
 *
 * SMS are nearly all of the running cost, and a report often moves twice in quick succession (verified and work
 * started the same morning). So the SMS of an intermediate change (verified, in progress, reopened) is HELD for a
 * window (`SMS_COALESCE_MINUTES`, counted from the change): its delivery record turns `held` with a due time and
 * joins the hold queue (shared/adapters/dynamodb/held-sms-store.ts). When a later change of the same report calls
 * for an SMS to the same recipient, every SMS of theirs still held is closed as skipped, reason `superseded`, and
 * the later one goes out (or is held in turn): the citizen gets one SMS with the latest state instead of two.
 * Nothing held is ever dropped otherwise: when the window ends, the scheduled drain (drain-held.ts, run by the same
 * function and schedule as the first-contact drain) sends it through the same notifier, under the same claim,
 * opt-out, cap and exactly-once rules.
 *
 * Never held: the receipt and every final outcome (resolved, rejected, duplicate, referred, closed) go out at once,
 * and they too supersede an intermediate SMS still held, so a stale "in progress" never arrives after "resolved".
 *
 * Failure: the hold is one transaction (record + queue item), so a held SMS is always in the queue. Superseding
 * happens before the later change's own delivery; a crash in between is retried by the stream and finds the
 * earlier SMS already closed. A send that fails transiently at the drain leaves the record `pending` with its due
 * time, and its queue item, for the next run. A window of 0 turns coalescing off.
 */
import type { DeliveryItem } from '../adapters/dynamodb/delivery-items';
import type { DeliveryMeta, DeliveryRef } from '../adapters/dynamodb/delivery-store';
import type { CitizenSmsKind } from '../domain/sms/templates';
import { SETTING_DEFAULTS } from '../config/setting-defaults';

/** The SMS that always go out at once: the receipt and the final outcomes. */
export const NEVER_HELD: ReadonlySet<CitizenSmsKind> = new Set(['received', 'rejected', 'duplicate', 'referred', 'resolved', 'closed']);

export const DEFAULT_COALESCE_MINUTES = SETTING_DEFAULTS.SMS_COALESCE_MINUTES;

export interface HeldSmsPort {
  hold(meta: DeliveryMeta, dueAt: Date, now: Date): Promise<boolean>;
  listHeld(reportId: string, recipient: string): Promise<DeliveryItem[]>;
  supersede(ref: DeliveryRef, bySeq: number, now: Date): Promise<boolean>;
}

export interface Coalescing {
  store: HeldSmsPort;
  /** how long an intermediate change's SMS waits for a later one; 0 turns coalescing off */
  windowMs: number;
}

/** When the SMS of a change made at `changedAt` is due, or undefined when it goes out at once. */
export function holdUntil(kind: CitizenSmsKind, changedAt: string, windowMs: number): Date | undefined {
  if (windowMs <= 0 || NEVER_HELD.has(kind)) return undefined;
  const changed = Date.parse(changedAt);
  if (Number.isNaN(changed)) return undefined;
  return new Date(changed + windowMs);
}

/**
 * Closes every SMS of this recipient still held for an earlier event of the report: the SMS of event `seq` carries
 * the later state. Returns how many were superseded.
 */
export async function supersedeEarlier(store: HeldSmsPort, ref: DeliveryRef, now: Date): Promise<number> {
  let superseded = 0;
  for (const held of await store.listHeld(ref.reportId, ref.recipient)) {
    if (held.eventSeq >= ref.eventSeq) continue;
    if (await store.supersede({ reportId: held.reportId, eventSeq: held.eventSeq, recipient: held.recipient }, ref.eventSeq, now)) superseded++;
  }
  return superseded;
}
