/**
 * Reading a test's own table behind the API's back, to check what a request wrote: one report's partition
 * (a Query), or the whole table (a Scan: fine in a test, never on a request path).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';

export interface ReportState {
  version: number;
  eventCount: number;
  status: string;
  /** E#… items in the partition */
  events: number;
}

export interface Census {
  /** report code → its report item and history events */
  reports: Map<string, ReportState & { seqs: number[] }>;
  /** history events in a partition that has no report item */
  orphanEvents: string[];
}

export function tableProbe(endpoint: string, table: string) {
  const client = new DynamoDBClient({ endpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const doc = DynamoDBDocumentClient.from(client);

  /** The report item and the number of its history events, read consistently; undefined when there is none. */
  async function report(code: string): Promise<ReportState | undefined> {
    let state: ReportState | undefined;
    let events = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `R#${code}` },
          ProjectionExpression: 'sk, version, eventCount, #s',
          ExpressionAttributeNames: { '#s': 'status' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        const sk = String(item.sk);
        if (sk === 'R') state = { version: Number(item.version), eventCount: Number(item.eventCount), status: String(item.status), events: 0 };
        else if (sk.startsWith('E#')) events++;
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return state && { ...state, events };
  }

  /** Every report and history event in the table. */
  async function census(): Promise<Census> {
    const reports = new Map<string, ReportState & { seqs: number[] }>();
    const seqs = new Map<string, number[]>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new ScanCommand({
          TableName: table,
          ProjectionExpression: 'pk, sk, version, eventCount, #s',
          ExpressionAttributeNames: { '#s': 'status' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        const pk = String(item.pk);
        const sk = String(item.sk);
        if (!pk.startsWith('R#')) continue;
        const code = pk.slice(2);
        if (sk === 'R') reports.set(code, { version: Number(item.version), eventCount: Number(item.eventCount), status: String(item.status), events: 0, seqs: [] });
        else if (sk.startsWith('E#')) seqs.set(code, [...(seqs.get(code) ?? []), Number(sk.slice(2))]);
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    const orphanEvents: string[] = [];
    for (const [code, list] of seqs) {
      const r = reports.get(code);
      if (!r) orphanEvents.push(code);
      else Object.assign(r, { events: list.length, seqs: list.sort((a, b) => a - b) });
    }
    return { reports, orphanEvents };
  }

  return { doc, report, census, destroy: () => client.destroy() };
}

export type TableProbe = ReturnType<typeof tableProbe>;
