/** The `$default` route: 405 when the path exists with another method, else 404, as problems. */
import { matchRoute } from '../shared/http/routes';
import { httpHandler } from '../shared/http/handler';
import { ProblemError } from '../shared/http/problem';

export const handler = httpHandler(async (req) => {
  const method = req.event.requestContext.http.method;
  const match = matchRoute(method, req.event.rawPath);
  if (!match.route && match.allowed.length > 0)
    throw new ProblemError(405, 'method-not-allowed', { id: `Gunakan ${match.allowed.join(', ')}`, en: `Use ${match.allowed.join(', ')}` }, {
      headers: { allow: match.allowed.join(', ') },
    });
  throw new ProblemError(404, 'not-found', { id: 'Alamat ini tidak ada', en: 'There is nothing at this address' });
});
