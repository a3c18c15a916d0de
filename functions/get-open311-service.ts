/** GET /open311/v2/services/{service_code}.{json|xml}: the service definition (its attributes). */
import { respondObject, splitResource } from '../shared/open311/format';
import { open311Handler } from '../shared/open311/handler';
import { notHere } from '../shared/open311/resources';
import { checkJurisdiction, unknownService } from '../shared/open311/query';
import { PUBLIC_CACHE } from '../shared/open311/reads';
import { isService, serviceDefinition } from '../shared/open311/services';

export const handler = open311Handler(async (req) => {
  checkJurisdiction(req.query.jurisdiction_id);
  const { name, format } = splitResource(req.path.service);
  if (!format) throw notHere();
  if (!isService(name)) throw unknownService(name);
  return respondObject(200, req.format, 'service_definition', serviceDefinition(name, req.lang), PUBLIC_CACHE);
});
