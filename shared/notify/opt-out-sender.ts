/**
 * An SMS sender that also honours the application's own opt-out list (BERHENTI/STOP by text message), on top of
 * the provider's: a number on either list gets nothing, from any report. The notifier asks `isOptedOut` before
 * every SMS except the confirmation of an opt-out itself.
 */
import type { SmsSender } from '../adapters/sns/sms-sender';

export interface OptOutList {
  isOptedOut(e164: string): Promise<boolean>;
}

export function withStoredOptOut(sender: SmsSender, list: OptOutList): SmsSender {
  return {
    async isOptedOut(e164) {
      return (await list.isOptedOut(e164)) || (await sender.isOptedOut(e164));
    },
    publish: (e164, text, options) => sender.publish(e164, text, options),
  };
}
