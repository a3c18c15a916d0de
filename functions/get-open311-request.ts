/** GET /open311/v2/requests/{service_request_id}.{json|xml}: one service request, as a list of one. */
import { respondList, splitResource } from '../shared/open311/format';
import { open311Handler } from '../shared/open311/handler';
import { notHere } from '../shared/open311/resources';
import { checkJurisdiction } from '../shared/open311/query';
import { readDeps } from '../shared/open311/read-deps';
import { NO_CACHE, oneRequest } from '../shared/open311/reads';

export const handler = open311Handler(async (req) => {
  checkJurisdiction(req.query.jurisdiction_id);
  const { name, format } = splitResource(req.path.request);
  if (!format) throw notHere();
  return respondList(200, req.format, 'requests', await oneRequest(req, name, readDeps), NO_CACHE);
});
