/**
 * The methods of GeoReport v2's list resources (`{resource}.{format}`), so that a method a resource does not take
 * is told which ones it does (405 with Allow) rather than that nothing is there. The single service and request
 * (`services/{code}`, `requests/{id}`) are GET, as their routes say.
 */
import { Open311Error } from './errors';
import { splitResource } from './format';

const RESOURCE_METHODS: Record<string, readonly string[]> = {
  discovery: ['GET'],
  services: ['GET'],
  requests: ['GET', 'POST'],
  servicerequestupdates: ['GET'],
};

/** The methods of `/open311/v2/<segment>`, or undefined where there is no such resource. */
export function resourceMethods(segment: string | undefined): readonly string[] | undefined {
  const { name, format } = splitResource(segment);
  return format ? RESOURCE_METHODS[name] : undefined;
}

export const notHere = () => new Open311Error(404, [{ id: 'Alamat ini tidak ada di Open311 GeoReport v2', en: 'There is nothing at this Open311 GeoReport v2 address' }]);

/** 405 naming the methods there are, or 404 when there are none. */
export function notThisMethod(allowed: readonly string[] | undefined): Open311Error {
  if (!allowed || allowed.length === 0) return notHere();
  return new Open311Error(405, [{ id: `Gunakan ${allowed.join(', ')}`, en: `Use ${allowed.join(', ')}` }], { allow: allowed.join(', ') });
}
