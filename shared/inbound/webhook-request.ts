/** The body an SMS gateway posts to POST /v1/inbound/sms (signed; see ./webhook-signature.ts). */
import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';

export const inboundSmsRequestSchema = meta(
  z.object({
    from: meta(z.string().check(z.minLength(1), z.maxLength(32)), { example: '+6281000000123' }),
    body: z.string().check(z.maxLength(5000)),
    messageId: meta(z.string().check(z.minLength(1), z.maxLength(500)), {
      description: "The gateway's own id of the message: a second delivery is recognised by it",
    }),
  }),
  { id: 'InboundSms' },
);
