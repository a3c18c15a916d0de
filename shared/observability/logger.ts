/**
 * One Powertools Logger for every function: JSON lines with the request id. Log lines never carry a phone
 * number: handlers log codes and ids, and maskPhone exists for the rare case a number must be mentioned.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'si-centang' });
