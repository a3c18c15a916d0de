/**
 * Records every DynamoDB call the local stack's functions make, as IAM would see it: the function (from
 * local/invoked-function.ts), the action, the table or index, and the partition-key values of the items touched
 * (what `dynamodb:LeadingKeys` holds). A middleware at the last step before the wire reads the request as sent,
 * so document-client and low-level calls, transactions and batches look alike.
 *
 * Use it on the client the functions hold (`dynamoClient` of shared/adapters/dynamodb/clients.ts).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { invokedFunction } from '../../local/invoked-function';
import type { TableUse } from '../../infra/table-grants';

export interface RecordedUse extends TableUse {
  readonly fn: string;
  readonly table: string;
}

type Attr = { S?: string };
type Item = Record<string, Attr | undefined>;
interface Body {
  TableName?: string;
  IndexName?: string;
  Key?: Item;
  Item?: Item;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
  TransactItems?: Record<string, { TableName: string; Key?: Item; Item?: Item }>[];
  RequestItems?: Record<string, { Keys?: Item[] } | Record<string, { Key?: Item; Item?: Item }>[]>;
}

const TRANSACT_ACTIONS: Record<string, TableUse['action']> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Get: 'GetItem',
  ConditionCheck: 'GetItem',
};

/** The partition-key value a Query names: `pk = :v` (or `#alias = :v`) in the key condition. */
function queriedPartition(body: Body, partitionKey: string): string | undefined {
  const condition = body.KeyConditionExpression ?? '';
  for (const match of condition.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    const name = match[1]!.startsWith('#') ? body.ExpressionAttributeNames?.[match[1]!] : match[1];
    if (name === partitionKey) return body.ExpressionAttributeValues?.[match[2]!]?.S;
  }
  return undefined;
}

function usesOf(operation: string, body: Body, partitionKey: string): (TableUse & { table: string })[] {
  const pkOf = (item?: Item) => item?.[partitionKey]?.S;
  const keys = (...values: (string | undefined)[]) => values.filter((v): v is string => v !== undefined);
  switch (operation) {
    case 'GetItem':
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ action: operation, table: body.TableName!, partitionKeys: keys(pkOf(body.Key ?? body.Item)) }];
    case 'Query':
      return body.IndexName
        ? [{ action: 'Query', table: body.TableName!, index: body.IndexName }]
        : [{ action: 'Query', table: body.TableName!, partitionKeys: keys(queriedPartition(body, partitionKey)) }];
    case 'Scan':
      return [{ action: 'Scan', table: body.TableName!, ...(body.IndexName && { index: body.IndexName }) }];
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return (body.TransactItems ?? []).flatMap((entry) =>
        Object.entries(entry).map(([kind, item]) => ({
          action: TRANSACT_ACTIONS[kind]!,
          table: item.TableName,
          partitionKeys: keys(pkOf(item.Key ?? item.Item)),
        })),
      );
    case 'BatchGetItem':
      return Object.entries(body.RequestItems ?? {}).map(([table, request]) => ({
        action: 'BatchGetItem',
        table,
        partitionKeys: keys(...((request as { Keys?: Item[] }).Keys ?? []).map(pkOf)),
      }));
    case 'BatchWriteItem':
      return Object.entries(body.RequestItems ?? {}).map(([table, requests]) => ({
        action: 'BatchWriteItem',
        table,
        partitionKeys: keys(...(requests as Record<string, { Key?: Item; Item?: Item }>[]).flatMap((r) => Object.values(r).map((x) => pkOf(x.Key ?? x.Item)))),
      }));
    default:
      return [];
  }
}

export interface TableAccessRecorder {
  /** every call made inside a function invocation since the recorder was installed */
  uses(): RecordedUse[];
  remove(): void;
}

export function recordTableAccess(client: DynamoDBClient, partitionKey = 'pk'): TableAccessRecorder {
  const recorded: RecordedUse[] = [];
  const name = `tableAccessRecorder-${Math.random().toString(36).slice(2)}`;
  client.middlewareStack.add(
    (next) => async (args) => {
      const fn = invokedFunction();
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      const target = request.headers?.['x-amz-target'] ?? '';
      if (fn && target.startsWith('DynamoDB_') && request.body !== undefined) {
        const text = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
        const operation = target.split('.')[1]!;
        for (const use of usesOf(operation, JSON.parse(text) as Body, partitionKey)) recorded.push({ fn, ...use });
      }
      return next(args);
    },
    { step: 'build', name },
  );
  return {
    uses: () => [...recorded],
    remove: () => void client.middlewareStack.remove(name),
  };
}
