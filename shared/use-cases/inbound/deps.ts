/** The use case's dependencies bound to the table named by the environment (one set per container). */
import { documentClient } from '../../adapters/dynamodb/clients';
import { DynamoInboundStore } from '../../adapters/dynamodb/inbound-store';
import { reportRepository } from '../../adapters/dynamodb/repository';
import { ENV, requireEnv } from '../../config/env';
import { jurisdiction } from '../../config/jurisdiction';
import type { InboundDeps } from './citizen-sent-message';

export const inboundDeps: InboundDeps = {
  repository: reportRepository,
  store: new DynamoInboundStore(documentClient, requireEnv(ENV.tableName)),
  jurisdiction,
  now: () => new Date(),
};
