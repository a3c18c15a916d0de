/** How the staff routes are guarded: the officials' Cognito pool, its issuer, and API Gateway's JWT authorizer. */
import { Stack, Token } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';

/** The officials' user pool and the app client whose tokens the staff routes accept. */
export interface StaffSignIn {
  readonly userPool: IUserPool;
  readonly client: IUserPoolClient;
}

/**
 * API Gateway's own JWT check of a Cognito token: signature (the pool's JWKS), issuer, expiry, and audience.
 * Cognito ACCESS tokens carry no `aud`, only `client_id`; the HTTP API JWT authorizer compares `client_id` with
 * the audience list when `aud` is absent, so access tokens of this client pass and tokens of any other client
 * of the pool do not. An ID token of the same client passes too, by its `aud`, and carries the same group and
 * custom claims; the front end sends the access token, the one the pre-token-generation trigger is for.
 * The check is offline: a token revoked at sign-out still passes until it expires (1 hour, see the app client).
 */
export function staffJwtAuthorizer(signIn: StaffSignIn): HttpJwtAuthorizer {
  return new HttpJwtAuthorizer('StaffJwtAuthorizer', staffIssuer(signIn), {
    authorizerName: 'staff-cognito',
    jwtAudience: [signIn.client.userPoolClientId],
  });
}

/** The issuer of the staff pool's tokens, which the staff functions check themselves (shared/auth/staff-token.ts). */
export function staffIssuer(signIn: StaffSignIn): string {
  const region = Stack.of(signIn.userPool).region;
  if (Token.isUnresolved(region)) {
    // an environment-agnostic pool would put AWS::Region of the wrong stack into the issuer
    throw new Error('The staff user pool stack needs an explicit region for the JWT issuer');
  }
  return `https://cognito-idp.${region}.amazonaws.com/${signIn.userPool.userPoolId}`;
}
