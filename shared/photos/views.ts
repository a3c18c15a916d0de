/**
 * Photos as views show them: absolute, short-lived presigned GET URLs of the rendition and the thumbnail,
 * never of the original (which keeps the reporter's GPS and device data and stays private).
 * Whether a caller may see photos at all (the public only once a report is published) is the view's decision.
 */
import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import type { PhotoEntry, PhotoFields, PhotoKind } from './photo';

/** Signs a GET for one object key; the S3 adapter's `presignedGetSigner` is the real one. */
export type UrlSigner = (key: string) => Promise<string>;

export const photoViewSchema = meta(
  z.object({
    id: z.string(),
    kind: meta(z.enum(['report', 'completion']), { description: 'report: sent by the citizen; completion: the officer\'s "after" photo' }),
    url: meta(z.url(), { description: 'The photo (JPEG, longest side at most 1600 px); the link expires after a few minutes' }),
    thumbnailUrl: meta(z.url(), { description: 'A thumbnail (JPEG, longest side at most 320 px); expires like url' }),
    width: z.number().check(z.int()),
    height: z.number().check(z.int()),
    createdAt: z.iso.datetime(),
    pendingReview: meta(z.optional(z.boolean()), { description: 'Staff only: a citizen photo sent after verification, not public until approved' }),
  }),
  { id: 'Photo' },
);
export type PhotoView = z.infer<typeof photoViewSchema>;

export interface PhotoViewOptions {
  /** only these kinds; all by default */
  kinds?: readonly PhotoKind[];
  /** what the public may see: no photo still waiting for review */
  publicOnly?: boolean;
}

export async function photoViews(report: PhotoFields, sign: UrlSigner, options: PhotoViewOptions = {}): Promise<PhotoView[]> {
  const photos: PhotoEntry[] = (report.photos ?? []).filter(
    (p) => (!options.kinds || options.kinds.includes(p.kind)) && !(options.publicOnly && p.pendingReview),
  );
  return Promise.all(
    photos.map(async (p) => {
      const [url, thumbnailUrl] = await Promise.all([sign(p.key), sign(p.thumbKey)]);
      return { id: p.id, kind: p.kind, url, thumbnailUrl, width: p.width, height: p.height, createdAt: p.createdAt, ...(p.pendingReview && { pendingReview: true }) };
    }),
  );
}
