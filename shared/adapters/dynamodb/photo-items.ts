/**
 * Photo items in the single table (beside the report items of ./report-items.ts):
 *
 *   pk R#<code>  sk PHOTOS  entity photo-quota   { open_report: { <photoId>: <window end, ms> }, open_completion: {…}, v }
 *                                                upload grants still open, and the version that guards the list
 *   pk R#<code>  sk UPLOAD#<photoId>  entity photo-claim  { etag, done?, expiresAt }
 *                                                the one upload a grant yields: the first object stored under the
 *                                                grant's key claims it (by ETag); `done` once its outcome is recorded
 *
 * The grant counter is an item of its own in the report's partition, not an attribute of the report item:
 * staff changes write the whole report item (Put, guarded by `version`), and a counter bumped beside them
 * without moving `version` would be overwritten with the stale count a staff member read. A separate item
 * keeps the count exact and leaves `version` (the staff ETag) alone. It is read by key only; getWithHistory
 * skips it (neither `R` nor an event), and stream consumers must ignore entities other than `event`.
 *
 * The photos themselves (`photos`, `suggestedLocation`) are attributes of the report item, changed only in a
 * transaction with a history event and guarded by `version` like every other change of the report.
 */
import { reportPk } from './report-items';

export const PHOTO_QUOTA_SK = 'PHOTOS';
export const PHOTO_QUOTA_ENTITY = 'photo-quota';

export const photoQuotaKey = (code: string) => ({ pk: reportPk(code), sk: PHOTO_QUOTA_SK });

export const PHOTO_CLAIM_ENTITY = 'photo-claim';
/** A claim outlives every retry of its upload's processing (Lambda gives up on an event after 6 hours). */
export const PHOTO_CLAIM_DAYS = 2;

export const photoClaimKey = (code: string, photoId: string) => ({ pk: reportPk(code), sk: `UPLOAD#${photoId}` });
