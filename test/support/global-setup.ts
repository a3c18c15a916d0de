/**
 * vitest globalSetup: ONE in-memory DynamoDB Local for the whole run (a JVM start costs seconds and a few
 * hundred MB; one per test file would not fit a 2-core laptop). Each test file makes its own uniquely named
 * tables in it (test/support/dynamo.ts), so files never see each other's data.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/services/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal({});
  project.provide('dynamoEndpoint', dynamo.endpoint);
  // also for code that reads the environment instead of inject(); forked workers inherit it
  process.env.TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  return async () => {
    await dynamo.stop();
  };
}
