/**
 * Serves the built web app from the local stack, on the same origin as the API (as CloudFront does on AWS):
 * files from web/dist, and every client route (/lapor, /lacak/…, /staf/…) answered with its page's index.html.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { createGzip } from 'node:zlib';
import { loadWebAppConfig, tileSource } from '../shared/config/web-app';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Paths that belong to the API (or the local tools); never answered from the web build. */
export const API_PATH = /^\/(v1|open311|local)(\/|$)|^\/(openapi\.json|health)$/;

/** The same security headers the CloudFront response-headers policy sets (infra/constructs/web-distribution.ts). */
function securityHeaders(s3Origin: string): Record<string, string> {
  const tiles = tileSource(loadWebAppConfig());
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      `img-src 'self' data: blob: ${s3Origin} ${tiles}`,
      `connect-src 'self' ${s3Origin}`,
      "worker-src 'self'",
      "manifest-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "object-src 'none'",
    ].join('; '),
    'referrer-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  };
}

export interface WebStatic {
  /** true when it answered the request */
  (req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export function webStatic(root: string, s3Origin: string): WebStatic {
  const headers = securityHeaders(s3Origin);
  const file = async (path: string) => {
    const full = normalize(join(root, path));
    if (full !== root && !full.startsWith(root + sep)) return undefined;
    const info = await stat(full).catch(() => undefined);
    return info?.isFile() ? { full, size: info.size } : undefined;
  };
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    } catch {
      return false;
    }
    if (API_PATH.test(path)) return false;
    const isStaff = path === '/staf' || path.startsWith('/staf/');
    // a file when there is one; otherwise the page that owns the route (files have an extension, routes do not)
    const found = (path.endsWith('/') ? undefined : await file(path)) ?? (extname(path) && !path.endsWith('.html') ? undefined : await file(isStaff ? 'staf/index.html' : 'index.html'));
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end('Not found');
      return true;
    }
    const type = TYPES[extname(found.full)] ?? 'application/octet-stream';
    // hashed assets never change; the pages and the service worker must always be fresh
    const cache = found.full.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    // compressed like CloudFront does, so local page weights and audits match what a phone downloads
    const gzip = /^(text\/|application\/(json|manifest)|image\/svg)/.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      'content-type': type,
      'cache-control': cache,
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : { 'content-length': found.size }),
      ...headers,
    });
    if (req.method === 'HEAD') res.end();
    else if (gzip) createReadStream(found.full).pipe(createGzip()).pipe(res);
    else createReadStream(found.full).pipe(res);
    return true;
  };
}
