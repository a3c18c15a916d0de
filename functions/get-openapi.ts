/** GET /openapi.json: the API description, generated from the zod schemas and the route table. */
import { httpHandler } from '../shared/http/handler';
import { openApiDocument } from '../shared/http/openapi';

const document = openApiDocument();

export const handler = httpHandler(async () => ({ status: 200, headers: { 'cache-control': 'public, max-age=300' }, body: document }));
