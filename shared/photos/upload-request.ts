/**
 * The request for a photo upload grant (citizen and staff alike). Apart from ./photo.ts, which every function that
 * shows photos imports, so that only the two grant functions build this schema at their cold start.
 */
import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { ALLOWED_CONTENT_TYPES } from './photo';

export const createPhotoUploadRequestSchema = meta(
  z.strictObject({
    contentType: meta(z.enum(ALLOWED_CONTENT_TYPES), { description: 'Type of the file to upload: JPEG, PNG or WebP' }),
  }),
  { id: 'CreatePhotoUploadRequest' },
);
export type CreatePhotoUploadRequest = z.infer<typeof createPhotoUploadRequestSchema>;
