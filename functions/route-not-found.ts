/**
 * The `$default` route: 405 when the path exists with another method, else 404. Native paths answer with
 * problems; paths under /open311/ answer in the Open311 error format, as every Open311 path must.
 */
import type { Context } from 'aws-lambda';
import { matchRoute } from '../shared/http/routes';
import { httpHandler, type HttpEvent } from '../shared/http/handler';
import { ProblemError } from '../shared/http/problem';
import { isOpen311Path, open311Handler } from '../shared/open311/handler';
import { notThisMethod, resourceMethods } from '../shared/open311/resources';

function allowedMethods(event: HttpEvent): string[] {
  const match = matchRoute(event.requestContext.http.method, event.rawPath);
  return match.route ? [] : match.allowed;
}

const native = httpHandler(async (req) => {
  const allowed = allowedMethods(req.event);
  if (allowed.length > 0)
    throw new ProblemError(405, 'method-not-allowed', { id: `Gunakan ${allowed.join(', ')}`, en: `Use ${allowed.join(', ')}` }, {
      headers: { allow: allowed.join(', ') },
    });
  throw new ProblemError(404, 'not-found', { id: 'Alamat ini tidak ada', en: 'There is nothing at this address' });
});

const open311 = open311Handler(async (req) => {
  // `/open311/v2/{resource}` stands for several resources: each says its own methods
  const resource = /^\/open311\/v2\/([^/]+)$/.exec(req.event.rawPath)?.[1];
  throw notThisMethod(resource === undefined ? allowedMethods(req.event) : resourceMethods(resource));
});

export const handler = (event: HttpEvent, context: Context) => (isOpen311Path(event.rawPath) ? open311(event, context) : native(event, context));
