/**
 * Photo items in the single table (beside the report items of ./report-items.ts):
 *
 *   pk R#<code>  sk PHOTOS  entity photo-quota   { open_report: { <photoId>: <window end, ms> }, open_completion: {…}, v }
 *                                                upload grants still open, and the version that guards the list
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
