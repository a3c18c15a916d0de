/**
 * Lambda always hands a function its role's credentials in environment variables. Bundles alias the SDK's
 * default provider chain (SSO, profiles, STS, web identity, process, instance metadata and their nested
 * clients, about 90 KB minified) to this: the same `defaultProvider` export, reading the environment only.
 * Local runs use the real chain; they are not bundled.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
