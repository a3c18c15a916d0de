/**
 * DynamoDB Local for the benchmark, and clients that record what each request consumed.
 *
 * `recordingClients` adds one middleware to the SDK client: it sets ReturnConsumedCapacity=INDEXES on every request
 * and keeps, per request, the command name, the marshalled items it wrote (to size them) and the ConsumedCapacity
 * DynamoDB Local answered. The repository code runs unchanged on top of it, so the figures are for the exact
 * requests the application makes, not for a re-typed copy of them.
 */
import { DynamoDBClient, type AttributeValue, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';

type Item = Record<string, unknown>;

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const REGION = 'ap-southeast-3';

export interface Recorded {
  command: string;
  table?: string;
  index?: string;
  consumed: ConsumedCapacity[];
  /** items this request wrote (Put items; the key of an Update), as the document client was given them */
  written: { table: string; item: Item; kind: 'put' | 'update' }[];
  /** items returned (Query / GetItem), unmarshalled */
  returned: Item[];
  consistent: boolean;
}

export function plainClients(endpoint: string) {
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, doc };
}

export function recordingClients(endpoint: string) {
  const { client, doc } = plainClients(endpoint);
  const log: Recorded[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      const output = result.output as unknown as Record<string, unknown>;
      const written: Recorded['written'] = [];
      const transact = input.TransactItems as Array<Record<string, { TableName: string; Item?: Item; Key?: Item }>> | undefined;
      for (const t of transact ?? []) {
        if (t.Put?.Item) written.push({ table: t.Put.TableName, item: t.Put.Item, kind: 'put' });
        if (t.Update?.Key) written.push({ table: t.Update.TableName, item: t.Update.Key, kind: 'update' });
      }
      if (input.Item) written.push({ table: String(input.TableName), item: input.Item as Item, kind: 'put' });
      if (input.Key && /^Update(Item)?Command$/.test(String(context.commandName))) written.push({ table: String(input.TableName), item: input.Key as Item, kind: 'update' });
      const consumedRaw = output.ConsumedCapacity;
      const consumed = (Array.isArray(consumedRaw) ? consumedRaw : consumedRaw ? [consumedRaw] : []) as ConsumedCapacity[];
      const returned = ((output.Items as Item[] | undefined) ?? (output.Item ? [output.Item as Item] : [])).slice();
      log.push({
        command: String(context.commandName ?? '?').replace(/Command$/, ''),
        ...(typeof input.TableName === 'string' && { table: input.TableName }),
        ...(typeof input.IndexName === 'string' && { index: input.IndexName }),
        consumed,
        written,
        returned,
        consistent: input.ConsistentRead === true,
      });
      return result;
    },
    // initialize: before the document client marshals the input (just before serialize) and after it unmarshals
    // the output, so items here are plain values
    { step: 'initialize', priority: 'low', name: 'benchConsumedCapacity' },
  );
  return { client, doc, log };
}

/**
 * DynamoDB's item size: attribute names plus values, as AWS documents it (strings and binaries by byte length,
 * numbers about one byte per two significant digits plus one, booleans and nulls one byte, lists and maps three
 * bytes plus one per element plus their contents).
 */
export function itemSize(item: Item): number {
  const m = marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true });
  let size = 0;
  for (const [name, value] of Object.entries(m)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (v.NS) return v.NS.reduce((n, s) => n + numberSize(s), 0);
  if (v.BS) return v.BS.reduce((n, b) => n + b.length, 0);
  if (v.L) return 3 + v.L.reduce((n, e) => n + 1 + valueSize(e), 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k) + valueSize(e), 0);
  return 0;
}

function numberSize(n: string): number {
  const digits = n.replace(/^-/, '').replace(/\./, '').replace(/^0+/, '').replace(/0+$/, '').length || 1;
  return Math.ceil(digits / 2) + 1;
}
