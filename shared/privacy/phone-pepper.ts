/**
 * The pepper of the phone-number keys (see phoneKey in shared/domain/phone.ts), read once per container: from
 * Secrets Manager on AWS (PHONE_KEY_PEPPER_ARN), from PHONE_KEY_PEPPER or a development default locally.
 * While a rotation is under way the secret holds `{"current", "previous"}`: see the README, Data protection.
 */
import { readSecret, rotatingValues } from '../config/secrets';

import { PHONE_KEY_PEPPER } from './phone-pepper-name';

export { PHONE_KEY_PEPPER };
/** Local development only: the local stack's keys need no secrecy, and a deployed function refuses it. */
export const DEV_PHONE_KEY_PEPPER = 'si-centang-local-development-pepper-not-for-aws';
const MIN_PEPPER_LENGTH = 32;

function checked(value: string | undefined): string | undefined {
  if (value !== undefined && value.length < MIN_PEPPER_LENGTH) throw new Error(`${PHONE_KEY_PEPPER} needs at least ${MIN_PEPPER_LENGTH} characters`);
  return value;
}

export interface PhonePepper {
  current: string;
  previous?: string;
}

let reading: Promise<PhonePepper> | undefined;

/**
 * The pepper, read at the first number that needs a key and kept for the container's life: not at cold start, as
 * most functions (public reads, staff lists, statistics) never key a number, and reading a secret costs a signed
 * HTTPS call. A failed read is tried again at the next call.
 */
export function phonePepper(): Promise<PhonePepper> {
  reading ??= readSecret({ name: PHONE_KEY_PEPPER, devDefault: DEV_PHONE_KEY_PEPPER }).then(
    (value) => {
      const raw = rotatingValues(value);
      return { current: checked(raw.current)!, ...(raw.previous !== undefined && { previous: checked(raw.previous) }) };
    },
    (err: unknown) => {
      reading = undefined;
      throw err;
    },
  );
  return reading;
}
