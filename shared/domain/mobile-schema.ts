/**
 * A mobile number as every door takes it (the native report and follow requests, Open311's POST): any usual way of
 * writing it becomes E.164 (./phone.ts), anything else is the field error `phone.invalid`. Its own module, so a
 * function that reads reports does not bundle the phone-number metadata.
 */
import * as z from 'zod/mini';
import { jurisdiction } from '../config/jurisdiction';
import { normalizeMobile } from './phone';

export const mobileNumberSchema = z.pipe(
  z.string().check(z.maxLength(32)),
  z.transform((raw: string, ctx) => {
    const e164 = normalizeMobile(raw, jurisdiction.phoneCountry);
    if (e164) return e164;
    ctx.issues.push({ code: 'custom', message: 'phone.invalid', input: raw });
    return z.NEVER;
  }),
);
