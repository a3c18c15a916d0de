/**
 * The S3 client, made once per container. Locally AWS_ENDPOINT_URL_S3 points it at s3rver, which serves
 * buckets by path only (S3_FORCE_PATH_STYLE=true); on AWS virtual-hosted style is the default and correct.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { ENV, optionalEnv } from '../../config/env';

export const s3Client = new S3Client({ forcePathStyle: optionalEnv(ENV.s3ForcePathStyle, 'false') === 'true' });
