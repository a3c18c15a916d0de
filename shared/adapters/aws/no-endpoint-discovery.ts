/**
 * Bundles alias `@aws-sdk/middleware-endpoint-discovery` to this. The DynamoDB client resolves an endpoint-discovery
 * configuration with an LRU endpoint cache (mnemonist, about 8 KB of every DynamoDB bundle), but none of its
 * commands uses endpoint discovery any more, and the service answers on its regional endpoint. Here discovery is
 * simply off; turning it on fails the client's creation with a message naming this file. Importing a name not
 * defined here fails the build, so an SDK update that uses more cannot slip through.
 */
interface DiscoveryInput {
  endpointDiscoveryEnabled?: boolean;
}

export const NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS = {
  environmentVariableSelector: () => undefined,
  configFileSelector: () => undefined,
  default: undefined,
};

export const resolveEndpointDiscoveryConfig = <T extends DiscoveryInput>(input: T, { endpointDiscoveryCommandCtor }: { endpointDiscoveryCommandCtor: unknown }) => {
  if (input.endpointDiscoveryEnabled) throw new Error('Endpoint discovery is left out of the function bundles (shared/adapters/aws/no-endpoint-discovery.ts)');
  return Object.assign(input, { endpointDiscoveryCommandCtor, endpointDiscoveryEnabled: () => Promise.resolve(false), isClientEndpointDiscoveryEnabled: false });
};
