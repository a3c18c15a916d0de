/**
 * The one definition of the DynamoDB tables. CDK (infra/stateful-stack.ts) and the local bootstrap
 * (local/bootstrap.ts) both build their tables from this, so they cannot drift apart.
 * The key design and the access patterns it serves are written down in ./access-patterns.md.
 */
import { indexesAtStep } from './index-migration';

/**
 * What an index holds beside its keys: KEYS_ONLY (the table and index keys) or INCLUDE these attributes. No index
 * projects ALL: an index holds only what its queries return, and never contact data (access-patterns.md).
 */
export type IndexProjection = { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; attributes: readonly string[] } | { type: 'ALL' };

export interface IndexDefinition {
  /** index name */
  name: string;
  partitionKey: string;
  sortKey: string;
  projection: IndexProjection;
}

export interface TableDefinition {
  /** logical id in CDK and base of the physical name locally */
  id: string;
  partitionKey: string;
  sortKey?: string;
  indexes: IndexDefinition[];
  /** attribute holding an epoch-seconds expiry, if the table uses TTL */
  timeToLiveAttribute?: string;
  stream?: 'NEW_AND_OLD_IMAGES';
}

/**
 * What the list views show (shared/domain/report.ts toPublicListItem, staff-view.ts toStaffListItem). The report's
 * code and creation time need no attribute of their own: every index sort key ends in `<createdAt>#<code>` and the
 * table key is `R#<code>` (report-items.ts fromIndexItem). Nothing here is contact data, nor the phone key.
 */
const PUBLIC_ROW = ['status', 'category', 'district', 'updatedAt', 'publicDescription', 'location', 'followerCount', 'followers', 'verifiedAt'] as const;
const STAFF_ROW = ['status', 'category', 'district', 'unit', 'priority', 'dueAt', 'overdueSince', 'escalationLevel', 'followerCount'] as const;
const union = (...lists: readonly (readonly string[])[]) => [...new Set(lists.flat())];
const include = (...lists: readonly (readonly string[])[]): IndexProjection => ({ type: 'INCLUDE', attributes: union(...lists) });
const KEYS_ONLY: IndexProjection = { type: 'KEYS_ONLY' };

const MAIN_INDEXES: IndexDefinition[] = [
  // public feed, newest first; write-sharded (PUB#0..N) so no single partition takes every write
  { name: 'gsi1-public', partitionKey: 'gsi1pk', sortKey: 'createdKey', projection: include(PUBLIC_ROW) },
  // by status, spread over one partition per category; newest first (public and staff lists, the max-age purge)
  { name: 'gsi2-status', partitionKey: 'statusKey', sortKey: 'createdKey', projection: include(PUBLIC_ROW, STAFF_ROW, ['confidential', 'contactHeld']) },
  // the staff queue by status, by due time
  { name: 'gsi3-status-due', partitionKey: 'statusKey', sortKey: 'dueKey', projection: include(STAFF_ROW) },
  // by district (kecamatan) and status: the public list by district, the district's queues
  { name: 'gsi5-district-status', partitionKey: 'districtStatusKey', sortKey: 'createdKey', projection: include(PUBLIC_ROW, STAFF_ROW, ['confidential']) },
  { name: 'gsi6-district-status-due', partitionKey: 'districtStatusKey', sortKey: 'dueKey', projection: include(STAFF_ROW) },
  // by responsible unit and status: the unit's queues
  { name: 'gsi8-unit-status', partitionKey: 'unitStatusKey', sortKey: 'createdKey', projection: include(STAFF_ROW) },
  { name: 'gsi9-unit-status-due', partitionKey: 'unitStatusKey', sortKey: 'dueKey', projection: include(STAFF_ROW) },
  // sparse: reports that can still escalate, are waiting to auto-close, or whose contact is due for removal;
  // the run reads each found report whole by key before it writes
  { name: 'gsi10-deadline', partitionKey: 'deadlineKey', sortKey: 'deadlineAt', projection: KEYS_ONLY },
  // over contact items only (CONTACT#<code>): a number's reports by its keyed hash, newest first; never public
  { name: 'gsi11-reporter', partitionKey: 'reporterKey', sortKey: 'createdKey', projection: KEYS_ONLY },
  // near a point: geohash cell (about 1.2 km) and category
  { name: 'gsi12-near', partitionKey: 'geoKey', sortKey: 'createdKey', projection: include(PUBLIC_ROW, ['confidential']) },
  // sparse: reports followed by phone, by status, most followers first
  { name: 'gsi13-followers', partitionKey: 'statusKey', sortKey: 'followerKey', projection: include(STAFF_ROW) },
];

/** Set only while an existing table is moved to these indexes, one deploy at a time (index-migration.ts). */
const indexStep = typeof process !== 'undefined' ? process.env.SI_CENTANG_INDEX_STEP : undefined;

/** Every GSI key attribute is a string; sparse indexes simply omit the attribute. */
export const MAIN_TABLE: TableDefinition = {
  id: 'Reports',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: indexStep === undefined || indexStep === '' ? MAIN_INDEXES : indexesAtStep(MAIN_INDEXES, Number(indexStep)),
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
};

/**
 * Powertools Idempotency keeps its records in a table of its own: its persistence layer writes one
 * partition per key only when the key attribute is the partition key, and a shared table would put
 * every record under one static partition key.
 */
export const IDEMPOTENCY_TABLE: TableDefinition = {
  id: 'Idempotency',
  partitionKey: 'id',
  indexes: [],
  timeToLiveAttribute: 'expiration',
};

export const TABLES = [MAIN_TABLE, IDEMPOTENCY_TABLE] as const;
