/**
 * POST /v1/inbound/sms: an SMS gateway pushes one inbound message → "a citizen sent a message".
 * The signature (shared/inbound/webhook-signature.ts) is checked before anything else of the request is read;
 * missing, stale or wrong → 401, and nothing is parsed or stored.
 */
import { httpHandler } from '../shared/http/handler';
import { parseOrThrow, ProblemError } from '../shared/http/problem';
import { inboundSmsRequestSchema } from '../shared/inbound/webhook-request';
import { loadWebhookSecret } from '../shared/inbound/webhook-secret';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../shared/inbound/webhook-signature';
import { logger } from '../shared/observability/logger';
import { citizenSentMessage } from '../shared/use-cases/inbound/citizen-sent-message';
import { inboundDeps } from '../shared/use-cases/inbound/deps';

export const WEBHOOK_PROVIDER = 'webhook';

// read once per container, at cold start; a failure shows on every call (500) until the container is replaced
const secret = loadWebhookSecret();
secret.catch(() => undefined);

const unsigned = () =>
  new ProblemError(401, 'signature-invalid', {
    id: 'Tanda tangan permintaan tidak ada, kedaluwarsa, atau tidak cocok.',
    en: 'The request signature is missing, expired or does not match.',
  });

export const handler = httpHandler(async (req) => {
  const raw = req.event.body === undefined ? Buffer.alloc(0) : Buffer.from(req.event.body, req.event.isBase64Encoded ? 'base64' : 'utf8');
  const verdict = verifyWebhook({
    secret: await secret,
    timestamp: req.headers[TIMESTAMP_HEADER],
    signature: req.headers[SIGNATURE_HEADER],
    body: raw,
    now: new Date(),
  });
  if (!verdict.ok) {
    // info, not warn: anyone on the internet can cause this line, and it needs no action
    logger.info('Inbound SMS webhook refused', { reason: verdict.reason });
    throw unsigned();
  }
  const body = parseOrThrow(inboundSmsRequestSchema, req.json(), req.lang);
  const result = await citizenSentMessage({ provider: WEBHOOK_PROVIDER, messageId: body.messageId, from: body.from, body: body.body }, inboundDeps);
  logger.info('Inbound SMS handled', { ...result });
  if (result.outcome === 'bad-sender') {
    const notANumber = { id: 'Nomor pengirim tidak dikenali', en: 'The sender number is not a phone number' };
    throw new ProblemError(400, 'validation', notANumber, { errors: [{ field: 'from', message: `${notANumber[req.lang]}.` }] });
  }
  return { status: 200, body: { accepted: true, duplicate: result.outcome === 'duplicate' } };
});
