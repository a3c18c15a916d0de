/**
 * Photos as views show them: absolute, short-lived presigned GET URLs of the rendition and the thumbnail,
 * never of the original (which keeps the reporter's GPS and device data and stays private).
 * Whether a caller may see photos at all (the public only once a report is published) is the view's decision.
 */
import type { PhotoView } from '../domain/view-schemas';
import type { PhotoEntry, PhotoFields, PhotoKind } from './photo';

/** Signs a GET for one object key; the S3 adapter's `presignedGetSigner` is the real one. */
export type UrlSigner = (key: string) => Promise<string>;

export type { PhotoView };

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
