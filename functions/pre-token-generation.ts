/**
 * Cognito pre-token-generation trigger (event version V2_0): copies the official's unit and kecamatan into the
 * ACCESS token, which carries no custom attributes by itself. API Gateway's JWT authorizer then hands them to
 * the staff handlers as claims (`custom:unit`, `custom:district`), next to `cognito:groups`, exactly as the
 * local token issuer (local/auth.ts) does. Access-token customization needs the ESSENTIALS or PLUS feature plan.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

/** User attributes copied into the access token, under the same claim names. */
export const ACCESS_TOKEN_ATTRIBUTES = ['custom:unit', 'custom:district'] as const;

export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  const claims: Record<string, string> = {};
  for (const name of ACCESS_TOKEN_ATTRIBUTES) {
    const value = event.request.userAttributes[name];
    // an attribute never set is left out, not sent empty: the handlers read "no unit" as no scope
    if (value !== undefined && value !== '') claims[name] = value;
  }
  // Cognito sends `claimsAndScopeOverrideDetails: null`; anything another step put there is kept
  const details = event.response?.claimsAndScopeOverrideDetails ?? {};
  return {
    ...event,
    response: {
      claimsAndScopeOverrideDetails: {
        ...details,
        accessTokenGeneration: {
          ...details.accessTokenGeneration,
          claimsToAddOrOverride: { ...details.accessTokenGeneration?.claimsToAddOrOverride, ...claims },
        },
      },
    },
  };
};
