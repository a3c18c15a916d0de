/**
 * Runs AWS's own DynamoDB Local (the jar in .cache/dynamodb-local, fetched by
 * scripts/fetch-dynamodb-local.mjs) as a child process, for `npm start` and the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cacheDir = fileURLToPath(new URL('../../.cache/dynamodb-local/', import.meta.url));
const jar = `${cacheDir}DynamoDBLocal.jar`;
const libDir = `${cacheDir}DynamoDBLocal_lib`;
const fetchScript = fileURLToPath(new URL('../../scripts/fetch-dynamodb-local.mjs', import.meta.url));

const READY_TIMEOUT_MS = 30_000;
const KILL_GRACE_MS = 3_000;

export interface DynamoDbLocal {
  /** always http://127.0.0.1:port: DynamoDB Local listens on every interface, we only ever use loopback */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** 0 or undefined: a free port */
  port?: number;
  /** folder for the database file; undefined runs -inMemory */
  dataDir?: string;
  /** the Java command; default `java` from the PATH */
  java?: string;
}

/** No Java to run DynamoDB Local with: a newcomer's first `npm start` on a fresh machine, said in one line. */
export class JavaMissingError extends Error {
  constructor(command: string) {
    super(
      `DynamoDB Local needs Java 17 or newer, and "${command}" was not found; install it with: sudo apt-get install openjdk-17-jre-headless`,
    );
    this.name = 'JavaMissingError';
  }
}

export async function startDynamoDbLocal(opts: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  if (!existsSync(jar) || !existsSync(libDir)) await runFetchScript();

  const port = opts.port || (await freePort());
  const storage = opts.dataDir === undefined ? ['-inMemory'] : ['-dbPath', opts.dataDir];
  if (opts.dataDir !== undefined) mkdirSync(opts.dataDir, { recursive: true });

  const java = opts.java ?? 'java';
  const child = spawn(
    java,
    [
      `-Djava.library.path=${libDir}`,
      '-jar',
      jar,
      '-port',
      String(port),
      // one database for every access key and region, so the local runner, the tests and any
      // hand-run `aws dynamodb ...` all see the same tables
      '-sharedDb',
      '-disableTelemetry',
      ...storage,
    ],
    // cwd: the jar drops a dynamodb-local-metadata.json there (even with telemetry off); keep it in .cache
    { cwd: cacheDir, stdio: ['ignore', 'ignore', 'pipe'] },
  );

  // Keep the last few KB of stderr: it is what explains a failed start (port taken, no Java, bad lib path).
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });
  let spawnError: Error | undefined;
  // 'error' covers a spawn that never ran (no `java`), where 'exit' is not guaranteed
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      spawnError = err;
      resolve();
    });
  });

  // A crashed or killed parent must not leave a Java process holding the port. 'exit' handlers run on
  // process.exit() and a normal end; a signal that kills Node outright skips them, which is why
  // local/start.ts should turn SIGINT/SIGTERM into process.exit().
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child, () => spawnError, () => stderr);
  } catch (err) {
    await stopChild(child, exited);
    if ((spawnError as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new JavaMissingError(java);
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`DynamoDB Local did not start on port ${port}: ${reason}\n--- stderr ---\n${stderr}`);
  }

  return { endpoint, port, stop: () => stopChild(child, exited) };
}

async function waitUntilReady(
  endpoint: string,
  child: ChildProcess,
  spawnError: () => Error | undefined,
  stderr: () => string,
) {
  // The SDK's own retries would hide how long we waited; we retry ourselves, one attempt per call.
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  try {
    while (Date.now() < deadline) {
      const err = spawnError();
      if (err) throw err; // e.g. ENOENT: no `java` on the PATH
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`java exited early (code ${child.exitCode}, signal ${child.signalCode})`);
      }
      // A port already taken kills Jetty's main thread but not the JVM (other threads live on), so the
      // process would sit there until the timeout: give up as soon as the main thread has died.
      if (stderr().includes('Exception in thread "main"')) throw new Error('java failed at startup');
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        return;
      } catch (e) {
        lastError = e; // connection refused until the server is up
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`not ready after ${READY_TIMEOUT_MS} ms (last error: ${String(lastError)})`);
  } finally {
    client.destroy();
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** Ask the OS for a free port. Another process could take it before Java binds; rare enough locally. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function runFetchScript(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fetchScript], { cwd: repoRoot, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${fetchScript} exited with code ${code}`)),
    );
  });
}
