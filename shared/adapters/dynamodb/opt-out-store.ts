/**
 * The SMS opt-out list, per number, kept by the application: BERHENTI/STOP puts a number on it, MULAI/START takes it
 * off. One item per number, pk `OPTOUT#<phoneKey>` (a hash, never the number itself), sk `O`, attribute `optedOut`.
 * The notifier reads it before every SMS of every report (see shared/notify/opt-out-sender.ts).
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { phoneKey } from '../../domain/phone';

export const optOutKey = async (e164: string) => ({ pk: `OPTOUT#${await phoneKey(e164)}`, sk: 'O' });

export async function optOutItem(e164: string, optedOut: boolean, at: string): Promise<Record<string, unknown>> {
  return { ...(await optOutKey(e164)), entity: 'opt-out', optedOut, at };
}

export class DynamoOptOutStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async isOptedOut(e164: string): Promise<boolean> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: await optOutKey(e164), ConsistentRead: true }));
    return out.Item?.optedOut === true;
  }
}
