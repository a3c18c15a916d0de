/**
 * A stand-in for Secrets Manager's GetSecretValue on loopback, speaking its wire protocol (awsJson1_1), for the
 * code paths that read secrets on Lambda. It records every request as received; answers are scripted per test.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StandIn {
  endpoint: string;
  requests: ReceivedRequest[];
  /** the answers still to give, in order; when empty, `fallback` answers */
  answers: { status: number; body: unknown }[];
  secrets: Map<string, string>;
  stop(): Promise<void>;
}

export async function startSecretsManagerStandIn(): Promise<StandIn> {
  const state = { requests: [] as ReceivedRequest[], answers: [] as { status: number; body: unknown }[], secrets: new Map<string, string>() };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      state.requests.push({ method: req.method!, path: req.url!, headers: req.headers, body });
      const scripted = state.answers.shift();
      const id = (JSON.parse(body || '{}') as { SecretId?: string }).SecretId ?? '';
      const answer =
        scripted ??
        (state.secrets.has(id)
          ? { status: 200, body: { ARN: id, Name: id.split(':').pop(), SecretString: state.secrets.get(id), VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 1_764_000_000 } }
          : { status: 400, body: { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." } });
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${state.requests.length}` });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    ...state,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
