/** The body an SMS gateway posts to POST /v1/inbound/sms (signed; see ./webhook-signature.ts). */
import * as z from 'zod';

export const inboundSmsRequestSchema = z
  .object({
    from: z.string().min(1).max(32).meta({ example: '+6281000000123' }),
    body: z.string().max(5000),
    messageId: z.string().min(1).max(500).meta({ description: "The gateway's own id of the message: a second delivery is recognised by it" }),
  })
  .meta({ id: 'InboundSms' });
