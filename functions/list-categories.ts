/** GET /v1/categories: report categories, in the request's language. */
import { jurisdiction } from '../shared/config/jurisdiction';
import { httpHandler } from '../shared/http/handler';

export const handler = httpHandler(async (req) => ({
  status: 200,
  // the names follow Accept-Language: a shared cache must keep one copy per language
  headers: { 'cache-control': 'public, max-age=300', vary: 'Accept-Language' },
  body: { items: jurisdiction.categories.map((c) => ({ code: c.code, name: c.name[req.lang], defaultUnit: c.defaultUnit })) },
}));
