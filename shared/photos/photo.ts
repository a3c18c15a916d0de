/**
 * Photos of a report: what may be uploaded, where each object lives in the bucket, and the shape recorded on
 * the report. Pure values; the S3 and DynamoDB adapters and the sharp pipeline build on these.
 *
 * Bucket layout (one private bucket):
 *   uploads/<code>/<kind>/<photoId>        the original, exactly as sent; private, expired by lifecycle rule
 *   public/<code>/<photoId>.jpg            the rendition: re-encoded, oriented, no metadata, longest side ≤ 1600
 *   public/<code>/<photoId>-thumb.jpg      the thumbnail, longest side ≤ 320
 * The kind sits in the upload key because the key is the only thing the processor learns from an S3 event, and
 * the presigned POST pins the key: a citizen's grant cannot produce a completion photo.
 */
import { randomBytes } from 'node:crypto';
import { SETTING_DEFAULTS } from '../config/setting-defaults';
import { parseTrackingCode } from '../domain/tracking-code';

export const PHOTO_KINDS = ['report', 'completion'] as const;
/** `report`: sent by the citizen with the report; `completion`: the officer's "after" photo */
export type PhotoKind = (typeof PHOTO_KINDS)[number];

export const ALLOWED_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type AllowedContentType = (typeof ALLOWED_CONTENT_TYPES)[number];
/** sharp's names for the decoded formats that correspond to the allowed content types */
export const ALLOWED_FORMATS = ['jpeg', 'png', 'webp'] as const;
export type AllowedFormat = (typeof ALLOWED_FORMATS)[number];

/** The largest original accepted: in the POST policy on AWS, and again by the processor everywhere. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** How long a presigned POST stays usable. */
export const UPLOAD_GRANT_SECONDS = 10 * 60;
/**
 * Largest decoded image, in pixels: 40 MP is above any phone camera's default (12 to 24 MP, 50 MP sensors
 * bin to 12.5) and about 160 MB of RGBA while decoding, which fits the processor's memory. Anything larger is
 * refused before it is decoded (decompression bombs declare huge dimensions in a few bytes).
 */
export const MAX_INPUT_PIXELS = 40_000_000;
export const RENDITION_MAX_SIDE = 1600;
export const THUMBNAIL_MAX_SIDE = 320;
/** Lifetime of the presigned GET URLs in views. */
export const VIEW_URL_SECONDS = 15 * 60;

export const UPLOADS_PREFIX = 'uploads/';
export const PUBLIC_PREFIX = 'public/';

export interface PhotoLimits {
  /** photos a citizen may add to one report (grants, counted when given) */
  report: number;
  /** completion photos officers may add to one report */
  completion: number;
}

export const DEFAULT_PHOTO_LIMITS: PhotoLimits = { report: SETTING_DEFAULTS.PHOTO_MAX_PER_REPORT, completion: SETTING_DEFAULTS.PHOTO_MAX_COMPLETION };

/** One photo on the report (the `photos` list of the report item). Keys, never URLs: URLs are signed per view. */
export interface PhotoEntry {
  id: string;
  kind: PhotoKind;
  /** the rendition */
  key: string;
  thumbKey: string;
  /** of the rendition, after orientation */
  width: number;
  height: number;
  createdAt: string;
  /** a citizen's photo that arrived once the report was public: hidden from the public until triage or an admin approves it */
  pendingReview?: true;
}

/** Where the first photo's GPS says the problem is, for a report sent without a location. Staff only. */
export interface SuggestedLocation {
  lat: number;
  lon: number;
  source: 'photo-exif';
  photoId: string;
}

/** The report fields this feature adds (the lead adds them to `Report`; until then code reads them through this). */
export interface PhotoFields {
  photos?: PhotoEntry[];
  suggestedLocation?: SuggestedLocation;
}

/** 80 random bits, lower-case hex: unguessable, and safe in keys and URLs without encoding. */
export const newPhotoId = (): string => randomBytes(10).toString('hex');
const PHOTO_ID = /^[0-9a-f]{20}$/;
export const isPhotoId = (id: string): boolean => PHOTO_ID.test(id);

export const uploadKey = (code: string, kind: PhotoKind, photoId: string): string => `${UPLOADS_PREFIX}${code}/${kind}/${photoId}`;
export const renditionKey = (code: string, photoId: string): string => `${PUBLIC_PREFIX}${code}/${photoId}.jpg`;
export const thumbnailKey = (code: string, photoId: string): string => `${PUBLIC_PREFIX}${code}/${photoId}-thumb.jpg`;

export interface UploadKey {
  code: string;
  kind: PhotoKind;
  photoId: string;
}

/** Reads an upload key back; undefined for anything this service did not hand out (wrong shape, odd code). */
export function parseUploadKey(key: string): UploadKey | undefined {
  const m = /^uploads\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(key);
  if (!m) return undefined;
  const [, rawCode = '', kind = '', photoId = ''] = m;
  const code = parseTrackingCode(rawCode);
  // the canonical code only: `uploads/abcd-efgh/...` was never granted
  if (code !== rawCode) return undefined;
  if (!(PHOTO_KINDS as readonly string[]).includes(kind) || !isPhotoId(photoId)) return undefined;
  return { code, kind: kind as PhotoKind, photoId };
}

/** Real S3 event notifications URL-encode the key (form encoding: a space is `+`). */
export function decodeS3EventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** The inverse, as S3 does it: each path segment encoded, `/` kept, spaces as `+`. */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}


export type { PhotoUploadGrant } from '../domain/view-schemas';

/** Statuses in which a citizen may still add photos: the report is not finished or turned away. */
export const CITIZEN_PHOTO_STATUSES: readonly string[] = ['received', 'verified', 'in_progress', 'resolved'];
/** Statuses in which officers add completion photos: the work is planned, under way, or just done. */
export const COMPLETION_PHOTO_STATUSES: readonly string[] = ['verified', 'in_progress', 'resolved'];
