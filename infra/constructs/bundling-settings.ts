/**
 * The esbuild settings of every function bundle, in NodejsFunction's vocabulary, in a module without aws-cdk-lib:
 * AppFunction (lambda-function.ts) bundles with them, and `npm run bench` (bench/esbuild-settings.ts) reads the
 * same values to build the same bundles outside CDK. One source of truth instead of a mirror to keep in step.
 */

/*
 * Lets CommonJS dependencies call `require` inside the ESM bundle. The alias keeps the banner's own import
 * from clashing with any `createRequire` a bundled module declares.
 */
const REQUIRE_SHIM =
  "import { createRequire as __siCentangCreateRequire } from 'node:module';" +
  'const require = __siCentangCreateRequire(import.meta.url);';

export const LAMBDA_ESBUILD = {
  format: 'esm',
  /** follows the runtime (nodejs24.x) so syntax is never down-levelled for an older Node than runs it */
  target: 'node24',
  // prefer the ESM build of dependencies that ship both, so esbuild can tree-shake them
  mainFields: ['module', 'main'],
  banner: REQUIRE_SHIM,
  minify: true,
  sourceMap: true,
  // the maps only need positions; the sources themselves would double the bundle
  sourcesContent: false,
  /*
   * Nothing is external by default, not even @aws-sdk/*: the SDK v3 clients pinned in package-lock.json are the
   * ones tested locally and in CI, rather than whatever version the Lambda runtime happens to ship that week;
   * bundled and tree-shaken they also cold-start faster than the runtime's full copy. A function with a native
   * module (the photo processor's sharp) adds it, for a layer built for the Lambda platform.
   */
  externalModules: [] as string[],
  /*
   * The function reads the configuration file the build prepared for it, validated at synth
   * (shared/config/jurisdiction.ts): the schema and zod stay out of the bundle and out of the cold start.
   */
  define: {
    'process.env.SI_CENTANG_CONFIG_SHIPPED': '"true"',
    // the OpenAPI metadata of schemas (shared/domain/schema-meta.ts) is for the document, built at build time
    'process.env.SI_CENTANG_SCHEMA_META': '"off"',
  } as Record<string, string>,
  /** paths relative to the repository root, where esbuild runs; each stand-in says why it is there */
  alias: {
    '@aws-sdk/credential-provider-node': './shared/adapters/aws/credentials-from-env.ts',
    'node:stream/web': './shared/adapters/node/stream-web-on-demand.ts',
    '@smithy/core/event-streams': './shared/adapters/aws/no-event-streams.ts',
    '@aws-sdk/middleware-endpoint-discovery': './shared/adapters/aws/no-endpoint-discovery.ts',
  } as Record<string, string>,
} as const;

/**
 * NODE_OPTIONS of every function: none. `--enable-source-maps` would point stack traces at the TypeScript source,
 * but Node then reads and parses the bundle's source map at every cold start: measured (bench, cold init) at
 * 4–9 ms CPU a function, a quarter of a hello world's whole start, too dear for a trace that can be mapped later.
 * The maps are still built and shipped beside the bundle for that.
 */
export const LAMBDA_NODE_OPTIONS: string = '';
