/**
 * A function fed by a DynamoDB stream through an event source mapping, as Lambda and the local stream poller call
 * it: a batch in, the records that failed out (partial batch response), or nothing when all went through.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void | undefined>;
