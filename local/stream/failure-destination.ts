/** The on-failure destination of a local stream poller: what Lambda sends to SQS, and a JSON-lines file to keep it in. */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DynamoDBRecord } from 'aws-lambda';

export type FailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/** What Lambda sends to an on-failure destination for a stream, plus (locally only) the records and last error. */
export interface StreamFailure {
  requestContext: { requestId: string; functionArn: string; condition: FailureCondition; approximateInvokeCount: number };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
  records: DynamoDBRecord[];
  error?: string;
}

export interface GivenUp {
  records: DynamoDBRecord[];
  condition: FailureCondition;
  invokeCount: number;
  error?: string;
}

/** The failure message for records given up on, as Lambda writes it. */
export function streamFailure(given: GivenUp, where: { shardId: string; streamArn: string; functionArn: string }): StreamFailure {
  const { records, condition, invokeCount, error } = given;
  const first = records[0]!.dynamodb!;
  const last = records.at(-1)!.dynamodb!;
  const iso = (s: number | undefined) => new Date((s ?? 0) * 1000).toISOString();
  return {
    requestContext: { requestId: randomUUID(), functionArn: where.functionArn, condition, approximateInvokeCount: invokeCount },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(error !== undefined && { functionError: 'Unhandled' }) },
    version: '1.0',
    timestamp: new Date().toISOString(),
    DDBStreamBatchInfo: {
      shardId: where.shardId,
      startSequenceNumber: first.SequenceNumber ?? '',
      endSequenceNumber: last.SequenceNumber ?? '',
      approximateArrivalOfFirstRecord: iso(first.ApproximateCreationDateTime),
      approximateArrivalOfLastRecord: iso(last.ApproximateCreationDateTime),
      batchSize: records.length,
      streamArn: where.streamArn,
    },
    records,
    ...(error !== undefined && { error }),
  };
}

/**
 * The local on-failure destination: failures appended to a JSON-lines file (e.g. `<dataDir>/failed-sms.jsonl`),
 * one per line, for a developer to read and redrive by hand.
 */
export function jsonLinesFailureDestination(file: string): (failure: StreamFailure) => void {
  return (failure) => {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${JSON.stringify(failure)}\n`);
  };
}

/** Reads a failure file back (torn last lines skipped). */
export function readFailureFile(file: string): StreamFailure[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as StreamFailure];
      } catch {
        return [];
      }
    });
}
