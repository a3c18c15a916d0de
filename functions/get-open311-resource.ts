/**
 * GET /open311/v2/{resource}: discovery, services, requests (the filtered list) and FixMyStreet's
 * servicerequestupdates, each `.json` or `.xml`.
 */
import { optionalEnv } from '../shared/config/env';
import { respondList, respondObject, splitResource } from '../shared/open311/format';
import { open311Handler } from '../shared/open311/handler';
import { notHere } from '../shared/open311/resources';
import { checkJurisdiction } from '../shared/open311/query';
import { readDeps } from '../shared/open311/read-deps';
import { baseUrl, listRequests, listUpdates, NO_CACHE, PUBLIC_CACHE } from '../shared/open311/reads';
import { discovery, services, type EndpointType } from '../shared/open311/services';

/** `test` for a stack that is not the regency's production service (npm start sets it). */
const endpointType = optionalEnv('OPEN311_ENDPOINT_TYPE', 'production') as EndpointType;

export const handler = open311Handler(async (req) => {
  checkJurisdiction(req.query.jurisdiction_id);
  const { name, format } = splitResource(req.path.resource);
  if (!format) throw notHere();
  switch (name) {
    case 'discovery':
      return respondObject(200, req.format, 'discovery', discovery(baseUrl(req), endpointType, req.lang), PUBLIC_CACHE);
    case 'services':
      return respondList(200, req.format, 'services', services(req.lang), PUBLIC_CACHE);
    case 'requests':
      return respondList(200, req.format, 'requests', await listRequests(req, readDeps), NO_CACHE);
    case 'servicerequestupdates':
      return respondList(200, req.format, 'updates', await listUpdates(req, readDeps), NO_CACHE);
    default:
      throw notHere();
  }
});
