/**
 * The photo feature's settings from the environment. Functions call these at module load, so a missing or
 * bad value fails the cold start at once, with its name.
 *
 *   UPLOAD_TOKEN_SECRET_ARN    required on AWS where tokens are issued or checked (create-report,
 *                              create-photo-upload): the Secrets Manager secret holding one key of at least 32
 *                              characters, or "new,old" while rotating. Locally UPLOAD_TOKEN_SECRET holds the value.
 *   PHOTO_MAX_PER_REPORT       citizen photos per report, default 5
 *   PHOTO_MAX_COMPLETION       officers' completion photos per report, default 10
 */
import { readSecret } from '../config/secrets';
import { readSettings } from '../config/settings';
import type { PhotoLimits } from './photo';
import { parseUploadTokenSecrets } from './upload-token';

export const PHOTO_ENV = {
  uploadTokenSecret: 'UPLOAD_TOKEN_SECRET',
  maxReportPhotos: 'PHOTO_MAX_PER_REPORT',
  maxCompletionPhotos: 'PHOTO_MAX_COMPLETION',
} as const;

export function photoLimitsFromEnv(): PhotoLimits {
  const settings = readSettings();
  return { report: settings.PHOTO_MAX_PER_REPORT, completion: settings.PHOTO_MAX_COMPLETION };
}

/**
 * The upload-token keys, read at cold start: from Secrets Manager on AWS (UPLOAD_TOKEN_SECRET_ARN names the secret;
 * the value never sits in the function configuration), from UPLOAD_TOKEN_SECRET locally.
 */
export async function uploadTokenSecretsFromEnv(): Promise<string[]> {
  return parseUploadTokenSecrets(await readSecret({ name: PHOTO_ENV.uploadTokenSecret }), PHOTO_ENV.uploadTokenSecret);
}
