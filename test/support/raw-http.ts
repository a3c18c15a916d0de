/**
 * HTTP exactly as typed: fetch (WHATWG URL) would resolve `..`, collapse or re-encode paths and refuse some
 * methods, so hostile-input tests send their request line through node:http unchanged.
 */
import { Agent, request } from 'node:http';

export interface RawReply {
  status: number;
  /** lower-case names; repeated headers joined with ", " */
  headers: Record<string, string>;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

export function rawRequest(
  base: string,
  req: { method: string; target: string; headers?: Record<string, string>; body?: string | Buffer },
  timeoutMs = 10_000,
): Promise<RawReply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    const r = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.target,
        headers: { ...req.headers, ...(body && { 'content-length': String(body.length) }) },
        agent,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms: ${req.method} ${req.target.slice(0, 200)}`)));
    r.on('error', reject);
    r.end(body);
  });
}

export function closeRawAgent(): void {
  agent.destroy();
}
