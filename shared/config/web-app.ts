/**
 * The web app's configuration (config/web.json): the base map's tile URL and attribution, and where the map
 * opens. The browser build reads the same file; the content-security policies (CloudFront and the local
 * stack) allow images from the tile host named here and no other.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';

export const webAppConfigSchema = z.object({
  map: z.object({
    /** Leaflet URL template: {z}/{x}/{y}, optional {s} subdomain */
    tileUrl: z.string().regex(/^https:\/\/[^/]+\/.*\{z\}.*\{x\}.*\{y\}/, 'an https URL template with {z}, {x} and {y}'),
    attribution: z.string().min(1),
    maxZoom: z.number().int().min(1).max(22),
    center: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
    zoom: z.number().int().min(1).max(22),
  }),
});
export type WebAppConfig = z.infer<typeof webAppConfigSchema>;

export const WEB_APP_CONFIG_FILE = fileURLToPath(new URL('../../config/web.json', import.meta.url));

export function loadWebAppConfig(file = WEB_APP_CONFIG_FILE): WebAppConfig {
  const result = webAppConfigSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!result.success) throw new Error(`Invalid web app configuration ${file}: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** The tile host as a CSP source: `https://{s}.tile.example.org/…` becomes `https://*.tile.example.org`. */
export function tileSource(config: WebAppConfig): string {
  const host = /^https:\/\/([^/]+)\//.exec(config.map.tileUrl)![1]!;
  return `https://${host.replace(/^\{s\}\./, '*.')}`;
}
