/**
 * The SMS circuit breaker for first contacts. What an attacker cannot multiply is the service's own spend, so the
 * bound sits there: SMS to numbers the service has never texted get an hourly and a daily budget (honest use at a
 * regency's volume stays far below it). Past the budget such SMS are deferred, not lost: the delivery turns
 * `deferred` and joins a queue that the scheduled drain sends, oldest first, as the budget frees up. While the
 * queue is not empty, new first contacts queue behind it, so the drain is never starved. Numbers already texted
 * (every citizen who got a receipt before) never touch the breaker, so updates on existing reports keep flowing.
 * The report itself is always created; only its receipt SMS may wait.
 */
import type { FirstContactBudget } from '../adapters/dynamodb/first-contact-store';
import { SETTING_DEFAULTS } from '../config/setting-defaults';
import type { DeliveryMeta } from '../adapters/dynamodb/delivery-store';

export interface FirstContactPort {
  isKnown(e164: string): Promise<boolean>;
  markKnown(e164: string, now: Date): Promise<void>;
  admit(now: Date, budget: FirstContactBudget): Promise<boolean>;
  hasBacklog(): Promise<boolean>;
  defer(meta: DeliveryMeta, now: Date): Promise<boolean>;
}

export interface FirstContactGate {
  store: FirstContactPort;
  budget: FirstContactBudget;
}

/** Count metric emitted for every SMS the breaker defers: its alarm says the breaker is open. */
export const SMS_DEFERRED_METRIC = 'SmsDeferred';

export const DEFAULT_FIRST_CONTACT_BUDGET = {
  perHour: SETTING_DEFAULTS.SMS_FIRST_CONTACT_PER_HOUR,
  perDay: SETTING_DEFAULTS.SMS_FIRST_CONTACT_PER_DAY,
} as const;
