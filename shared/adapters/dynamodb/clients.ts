/**
 * AWS clients, made once per container. Locally the SDK's own AWS_ENDPOINT_URL_* variables point them
 * at DynamoDB Local, s3rver and the SMS sink, so this file has no local branch.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoClientConfig } from './client-config';

export const dynamoClient = new DynamoDBClient(dynamoClientConfig());
export const documentClient = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true },
});
