/**
 * Staff routes check the bearer token in the function frame (see shared/auth/staff-token.ts for why), before the
 * use case runs, and refuse with a problem+json 401 in the caller's language. Claims an authorizer in front already
 * handed over (the event's requestContext.authorizer, which no client can set) are used as they are.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { staffTokenVerifierFromEnv, unauthorized } from '../auth/staff-token';
import type { HttpEvent } from './handler';

export function staffAuthentication(): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context> {
  return {
    before: async (request) => {
      const context = request.event.requestContext;
      if (context.authorizer?.jwt?.claims) return;
      const claims = await staffTokenVerifierFromEnv()(request.event.headers?.authorization);
      if (!claims) throw unauthorized();
      (context as { authorizer?: unknown }).authorizer = { jwt: { claims, scopes: null } };
    },
  };
}
