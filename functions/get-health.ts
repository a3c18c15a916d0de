/** GET /health: the function answers and its configuration loaded. */
import { jurisdiction } from '../shared/config/jurisdiction';
import { httpHandler } from '../shared/http/handler';

export const handler = httpHandler(async () => ({ status: 200, body: { status: 'ok', jurisdiction: jurisdiction.code } }));
