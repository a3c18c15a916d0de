import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/pre-token-generation';

/** A V2_0 event as Cognito sends it: `claimsAndScopeOverrideDetails` is null until a trigger fills it. */
function event(userAttributes: Record<string, string>, groups: string[] = ['officer']): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'ap-southeast-3',
    userPoolId: 'ap-southeast-3_example',
    userName: 'a1b2c3d4-0000-4000-8000-000000000001',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'staff-client' },
    request: {
      userAttributes: { sub: 'a1b2c3d4-0000-4000-8000-000000000001', email: 'petugas@example.go.id', ...userAttributes },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined },
      scopes: ['aws.cognito.signin.user.admin'],
    },
    response: { claimsAndScopeOverrideDetails: null as never },
  };
}

const accessClaims = (result: PreTokenGenerationV2TriggerEvent) =>
  result.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride;

describe('pre-token-generation trigger', () => {
  it('copies custom:unit into the access token of an officer', async () => {
    // Arrange
    const input = event({ 'custom:unit': 'bina-marga' });
    // Act
    const result = await handler(input);
    // Assert
    expect(accessClaims(result)).toEqual({ 'custom:unit': 'bina-marga' });
  });

  it('copies custom:district into the access token of a district user', async () => {
    const result = await handler(event({ 'custom:district': 'cikande' }, ['district']));
    expect(accessClaims(result)).toEqual({ 'custom:district': 'cikande' });
  });

  it('copies both when both are set', async () => {
    const result = await handler(event({ 'custom:unit': 'sda', 'custom:district': 'kragilan' }));
    expect(accessClaims(result)).toEqual({ 'custom:unit': 'sda', 'custom:district': 'kragilan' });
  });

  it('adds no claim for an attribute that is missing or empty (triage, admin)', async () => {
    const result = await handler(event({ 'custom:unit': '' }, ['triage']));
    expect(accessClaims(result)).toEqual({});
  });

  it('copies nothing else: no email, phone or other attribute reaches the access token', async () => {
    const result = await handler(event({ 'custom:unit': 'bina-marga', phone_number: '+6281234567890', name: 'Budi' }));
    expect(Object.keys(accessClaims(result)!)).toEqual(['custom:unit']);
  });

  it('leaves the ID token, groups and scopes alone', async () => {
    const result = await handler(event({ 'custom:unit': 'bina-marga' }));
    const details = result.response.claimsAndScopeOverrideDetails;
    expect(details.idTokenGeneration).toBeUndefined();
    expect(details.groupOverrideDetails).toBeUndefined();
    expect(details.accessTokenGeneration).toEqual({ claimsToAddOrOverride: { 'custom:unit': 'bina-marga' } });
  });

  it('keeps overrides already present in the response and does not change the event it was given', async () => {
    const input = event({ 'custom:district': 'anyar' });
    input.response.claimsAndScopeOverrideDetails = {
      accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'serang' }, scopesToSuppress: ['phone'] },
    };
    const before = structuredClone(input);

    const result = await handler(input);

    expect(result.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({
      claimsToAddOrOverride: { tenant: 'serang', 'custom:district': 'anyar' },
      scopesToSuppress: ['phone'],
    });
    expect(input).toEqual(before);
    expect(result.request).toEqual(input.request);
    expect(result.triggerSource).toBe(input.triggerSource);
  });

  it('handles a token refresh the same way', async () => {
    const input = { ...event({ 'custom:unit': 'cipta-karya' }), triggerSource: 'TokenGeneration_RefreshTokens' as const };
    expect(accessClaims(await handler(input))).toEqual({ 'custom:unit': 'cipta-karya' });
  });
});
