/** GET /v1/districts: the kecamatan of the jurisdiction, in the request's language, with their Kemendagri codes. */
import { jurisdiction } from '../shared/config/jurisdiction';
import { httpHandler } from '../shared/http/handler';

export const handler = httpHandler(async (req) => ({
  status: 200,
  // the names follow Accept-Language: a shared cache must keep one copy per language
  headers: { 'cache-control': 'public, max-age=300', vary: 'Accept-Language' },
  body: { items: jurisdiction.districts.map((d) => ({ code: d.code, name: d.name[req.lang], ...(d.officialCode && { officialCode: d.officialCode }) })) },
}));
