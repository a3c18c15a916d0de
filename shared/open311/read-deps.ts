/** The read dependencies bound to the table and bucket the environment names (one per container). */
import { documentClient } from '../adapters/dynamodb/clients';
import { DynamoOpen311Queries } from '../adapters/dynamodb/open311-queries';
import { reportRepository } from '../adapters/dynamodb/repository';
import { presignedGetSigner } from '../adapters/s3/get-url-signer';
import { ENV, requireEnv } from '../config/env';
import type { ReadDeps } from './reads';

export const readDeps: ReadDeps = {
  repository: reportRepository,
  queries: new DynamoOpen311Queries(documentClient, requireEnv(ENV.tableName)),
  signer: presignedGetSigner(requireEnv(ENV.bucketName)),
  now: () => new Date(),
};
