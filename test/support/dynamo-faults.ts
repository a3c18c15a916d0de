/**
 * Fault injection for DynamoDB at the bottom of the AWS SDK: the client's HTTP request handler is wrapped, so
 * serialisation, signing, the SDK's own retry strategy and the error deserialisers all run for real, and only
 * the answer on the wire is replaced by what DynamoDB sends when it throttles or cancels a transaction.
 *
 * Use it on a client the code under test already holds (e.g. `dynamoClient` from shared/adapters/dynamodb/clients.ts,
 * which the DocumentClient wraps): `const faults = injectDynamoFaults(dynamoClient)`, then `faults.fail(...)`.
 * Calls without a matching rule go to the real endpoint (DynamoDB Local).
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

/** What DynamoDB answers, byte for byte as far as the SDK cares (status, `__type`, body). */
export type DynamoFault =
  /** on-demand / API-level throttling: 400 ThrottlingException */
  | 'throttling'
  /** provisioned capacity (or a hot partition) exhausted: 400 ProvisionedThroughputExceededException */
  | 'provisioned'
  /** a 500 InternalServerError: the SDK treats it as transient */
  | 'internal'
  /** TransactWriteItems cancelled because another transaction holds one of the items */
  | 'transaction-conflict'
  /** TransactWriteItems cancelled because a table or index throttled: a 400 the SDK does not retry */
  | 'transaction-throttled'
  /** the request is passed on and committed, but the answer is lost: the client sees a 500 */
  | 'commit-then-500';

interface Rule {
  operation: string;
  fault: DynamoFault;
  remaining: number;
}

export interface WireCall {
  operation: string;
  /** the ClientRequestToken of a TransactWriteItems, as sent on this attempt */
  clientRequestToken?: string;
  /** the fault answered instead of (or after) the real call */
  injected?: DynamoFault;
}

interface HttpRequestLike {
  headers: Record<string, string | undefined>;
  body?: unknown;
}

interface RequestHandlerLike {
  handle(request: HttpRequestLike, options?: unknown): Promise<{ response: unknown }>;
}

export interface DynamoFaults {
  /** answer `fault` to the next `times` calls of `operation` (e.g. 'TransactWriteItems', 'UpdateItem', 'Query') */
  fail(operation: string, fault: DynamoFault, times?: number): void;
  /** every call that reached the wire since the last clear, with what was injected */
  calls(operation?: string): WireCall[];
  clear(): void;
  restore(): void;
}

const errorBody = (fault: Exclude<DynamoFault, 'commit-then-500'>): { status: number; body: Record<string, unknown> } => {
  switch (fault) {
    case 'throttling':
      return { status: 400, body: { __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' } };
    case 'provisioned':
      return {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded.',
        },
      };
    case 'internal':
      return { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' } };
    case 'transaction-conflict':
      return {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          Message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None]',
          CancellationReasons: [{ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }, { Code: 'None' }],
        },
      };
    case 'transaction-throttled':
      return {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          Message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError, None]',
          CancellationReasons: [{ Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity of your table or index.' }, { Code: 'None' }],
        },
      };
  }
};

function answer(status: number, body: Record<string, unknown>) {
  const bytes = Buffer.from(JSON.stringify(body));
  return {
    response: {
      statusCode: status,
      reason: status === 400 ? 'Bad Request' : 'Internal Server Error',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID(), 'content-length': String(bytes.length) },
      body: Readable.from([bytes]),
    },
  };
}

/** The serialised JSON body: a string, or (in newer SDKs) bytes. */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return '{}';
}

async function drain(response: unknown) {
  const body = (response as { body?: unknown }).body;
  if (body instanceof Readable) for await (const _ of body) void _;
}

export function injectDynamoFaults(client: { config: unknown }): DynamoFaults {
  const handler = (client.config as { requestHandler: RequestHandlerLike }).requestHandler;
  if (typeof handler?.handle !== 'function') throw new Error('This client has no request handler to wrap');
  const original = handler.handle;
  const realHandle = original.bind(handler);
  const rules: Rule[] = [];
  let log: WireCall[] = [];

  handler.handle = async (request, options) => {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    const call: WireCall = { operation };
    if (operation === 'TransactWriteItems') {
      const token = (JSON.parse(bodyText(request.body)) as { ClientRequestToken?: string }).ClientRequestToken;
      if (token !== undefined) call.clientRequestToken = token;
    }
    log.push(call);
    const rule = rules.find((r) => r.operation === operation && r.remaining > 0);
    if (!rule) return realHandle(request, options);
    rule.remaining--;
    call.injected = rule.fault;
    if (rule.fault === 'commit-then-500') {
      const real = await realHandle(request, options);
      await drain(real.response);
      return answer(500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' });
    }
    const { status, body } = errorBody(rule.fault);
    return answer(status, body);
  };

  return {
    fail(operation, fault, times = Number.POSITIVE_INFINITY) {
      rules.push({ operation, fault, remaining: times });
    },
    calls: (operation) => (operation ? log.filter((c) => c.operation === operation) : [...log]),
    clear() {
      rules.length = 0;
      log = [];
    },
    restore() {
      rules.length = 0;
      handler.handle = original;
    },
  };
}
