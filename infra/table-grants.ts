/**
 * Who may touch what in the main table: for every function, the DynamoDB actions it uses on which partitions (by
 * partition-key prefix, see shared/table/access-patterns.md) and which indexes it queries. The one place to read
 * (and to change when a function starts to touch something new); infra turns each entry into IAM statements with a
 * `dynamodb:LeadingKeys` condition (AppTable.grantItems), and the table-access test replays real flows on the
 * local stack against these same entries.
 *
 * Rules the entries keep:
 * - Public read functions get read actions only, and never `contact`, `audit` or `inbound` partitions.
 * - The contact-read audit is appended to (PutItem) only by the staff views that can reveal a contact, and read
 *   (Query) only by the admin list.
 * - DeleteItem only where code deletes; BatchWriteItem nowhere (only offline commands batch-write); Scan never.
 * - Index queries are granted per index by name: every index holds reports (and public update events) only,
 *   no contact data, so naming the indexes a function reads is the boundary there.
 */
/** Item-level DynamoDB actions; transactions are authorised item by item with these (Put/Update/Delete/Get). */
export type ItemAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem';

/** Partition-key patterns of the main table, in IAM StringLike syntax (`*` = any characters). */
export const PARTITIONS = {
  /** a report, its history events, SMS delivery records, phone followers, photo quota and upload claims */
  report: 'R#*',
  /** a report's contact (phone, name, e-mail) and its phone followers, kept apart from the report */
  contact: 'CONTACT#*',
  /** the contact-read audit, one partition a month */
  audit: 'AUDIT#*',
  /** repeat-submission guards (hash of number and text) */
  submission: 'SUB#*',
  /** request quotas per number, address or API key */
  quota: 'QUOTA#*',
  /** SMS daily cap counters and the "texted before" marker, per phone key */
  smsCap: 'SMSCAP#*',
  /** the first-contact breaker's hour and day counters */
  smsBreaker: 'SMSBREAKER',
  /** SMS deferred by the breaker, oldest first */
  smsDeferred: 'SMSDEFER',
  /** SMS held back to be coalesced with a quick next change, by due time */
  smsHeld: 'SMSHOLD',
  /** inbound SMS (and the delivery record of its reply) */
  inbound: 'SMSIN#*',
  /** help texts answered per number and day */
  smsHelp: 'SMSHELP#*',
  /** SMS opt-outs per phone key */
  optOut: 'OPTOUT#*',
  /** reopenings by citizens waiting to be told to their unit */
  reopenedNotice: 'NOTICE#reopened',
  /** Open311 API keys */
  open311Keys: 'OPEN311KEY',
  /** statistics month items and the gauges (STATS#NOW) */
  stats: 'STATS#*',
  /** statistics counted-once markers */
  statsMarker: 'STATSEV#*',
} as const;

export type Partition = keyof typeof PARTITIONS;
/** an index name of MAIN_TABLE (shared/table/definition.ts); the infra tests check each one exists */
export type IndexName = string;

export interface ItemGrant {
  readonly on: readonly Partition[];
  readonly actions: readonly ItemAction[];
}

export interface TableGrant {
  readonly items: readonly ItemGrant[];
  /** indexes the function queries (Query only) */
  readonly indexes?: readonly IndexName[];
}

const READ: readonly ItemAction[] = ['GetItem', 'Query'];
/** counters: read the previous window, add to the current one */
const COUNT: readonly ItemAction[] = ['GetItem', 'UpdateItem'];
/** a staff change: the report with its history read by one Query, then the report and its events put at once */
const CHANGE: readonly ItemAction[] = ['Query', 'PutItem'];

/** the public lists: newest first (gsi1), by status or category (gsi2), by district (+status) (gsi5) */
const PUBLIC_LISTS: readonly IndexName[] = ['gsi1-public', 'gsi2-status', 'gsi5-district-status'];
/** the staff queues */
const STAFF_QUEUES: readonly IndexName[] = [
  'gsi2-status',
  'gsi3-status-due',
  'gsi5-district-status',
  'gsi6-district-status-due',
  'gsi8-unit-status',
  'gsi9-unit-status-due',
  'gsi13-followers',
];

/** What the notifier and the deferral drain do for every SMS: the same notifier code runs in both. */
const SENDS_SMS: readonly ItemGrant[] = [
  // the report and its followers (read), delivery records (claim, finish: UpdateItem)
  { on: ['report'], actions: ['GetItem', 'Query', 'UpdateItem'] },
  { on: ['contact'], actions: READ },
  // an inbound message's reply keeps its delivery record in the message's partition
  { on: ['inbound'], actions: ['GetItem', 'UpdateItem'] },
  { on: ['optOut'], actions: ['GetItem'] },
  { on: ['smsCap'], actions: ['GetItem', 'PutItem', 'UpdateItem'] },
  { on: ['smsBreaker'], actions: ['UpdateItem'] },
  // the two queues of SMS that wait: deferred by the breaker, held to coalesce
  { on: ['smsDeferred', 'smsHeld'], actions: ['Query', 'PutItem'] },
];

/**
 * A report written in the layout from before contact moved to its own partition has its contact moved on its next
 * write (a Put of `CONTACT#<code>`/`C` in the same transaction): every writer of an existing report may put there,
 * though it reads nothing there.
 */
const MOVES_CONTACT: ItemGrant = { on: ['contact'], actions: ['PutItem'] };

/** A citizen's SMS, by webhook or topic: the same use case. */
const RECEIVES_SMS: TableGrant = {
  items: [
    { on: ['inbound'], actions: ['GetItem', 'PutItem'] },
    // the sender's report and follower entry; a reopening or confirmation is a change of the report (Put); the
    // sender's reports found by the reporter index are read whole (BatchGetItem)
    { on: ['report'], actions: ['GetItem', 'BatchGetItem', 'PutItem'] },
    { on: ['contact'], actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem'] },
    { on: ['optOut'], actions: ['PutItem'] },
    { on: ['smsHelp'], actions: ['UpdateItem'] },
    { on: ['reopenedNotice'], actions: ['PutItem'] },
  ],
  // the sender's reports, by the hash of the number
  indexes: ['gsi11-reporter'],
};

/** Staff views that can show a contact: each reveal is appended to the audit (PutItem only, never read back). */
const REVEALS_CONTACT: readonly ItemGrant[] = [
  { on: ['contact'], actions: ['GetItem', 'Query'] },
  { on: ['audit'], actions: ['PutItem'] },
];

/**
 * Every function that touches the main table, by its `functions/<name>.ts`. A function not listed gets no
 * access at all (the static routes: health, OpenAPI, categories, districts, locate, the fallback).
 */
export const TABLE_GRANTS: Readonly<Record<string, TableGrant>> = {
  // ---- public reads: read actions only, no contact, audit or inbound partitions
  'get-report': { items: [{ on: ['report'], actions: ['Query'] }] },
  'list-reports': { items: [], indexes: PUBLIC_LISTS },
  // index rows hold keys and sort fields; the reports themselves are read whole by key (BatchGetItem)
  'list-nearby-reports': { items: [{ on: ['report'], actions: ['BatchGetItem'] }], indexes: ['gsi12-near'] },
  'get-open311-request': { items: [{ on: ['report'], actions: READ }] },
  'get-open311-resource': { items: [{ on: ['report'], actions: ['GetItem', 'BatchGetItem', 'Query'] }], indexes: ['gsi1-public', 'gsi2-status'] },
  'get-stats': { items: [{ on: ['stats'], actions: ['Query'] }] },
  'get-open-data': { items: [{ on: ['report'], actions: ['BatchGetItem', 'Query'] }], indexes: ['gsi1-public'] },

  // ---- public writes
  'create-report': {
    items: [
      { on: ['report'], actions: ['GetItem', 'PutItem'] },
      { on: ['contact'], actions: ['PutItem'] },
      { on: ['submission'], actions: ['GetItem', 'PutItem'] },
      { on: ['quota'], actions: COUNT },
    ],
  },
  'create-open311-request': {
    items: [
      { on: ['report'], actions: ['GetItem', 'PutItem'] },
      { on: ['contact'], actions: ['PutItem'] },
      { on: ['quota'], actions: COUNT },
      { on: ['open311Keys'], actions: ['GetItem'] },
    ],
  },
  'follow-report': {
    items: [
      // the report's follower count and version, and (until contact moves out) the follower entry
      { on: ['report'], actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      { on: ['contact'], actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      { on: ['quota'], actions: COUNT },
    ],
  },
  'create-photo-upload': {
    items: [
      // the photo quota item (UpdateItem); reads the report
      { on: ['report'], actions: ['GetItem', 'UpdateItem'] },
      { on: ['quota'], actions: COUNT },
    ],
  },
  'receive-sms-webhook': RECEIVES_SMS,
  'receive-sms-topic': RECEIVES_SMS,

  // ---- staff
  'list-staff-reports': { items: [], indexes: STAFF_QUEUES },
  'get-staff-report': { items: [{ on: ['report'], actions: ['GetItem', 'BatchGetItem', 'Query'] }, ...REVEALS_CONTACT], indexes: ['gsi12-near'] },
  'update-report': { items: [{ on: ['report'], actions: CHANGE }, ...REVEALS_CONTACT, MOVES_CONTACT] },
  // a duplicate adds a follower to the original (UpdateItem)
  'transition-report': { items: [{ on: ['report'], actions: [...CHANGE, 'UpdateItem'] }, ...REVEALS_CONTACT, MOVES_CONTACT] },
  'add-staff-note': { items: [{ on: ['report'], actions: CHANGE }, MOVES_CONTACT] },
  // the photo's state in the report item (UpdateItem) and its history event (PutItem), in one transaction
  'approve-photo': { items: [{ on: ['report'], actions: ['GetItem', 'PutItem', 'UpdateItem'] }] },
  'create-staff-photo-upload': { items: [{ on: ['report'], actions: ['GetItem', 'UpdateItem'] }] },
  'list-contact-reads': { items: [{ on: ['audit'], actions: ['Query'] }] },
  'create-open311-key': { items: [{ on: ['open311Keys'], actions: ['PutItem'] }] },
  'list-open311-keys': { items: [{ on: ['open311Keys'], actions: ['Query'] }] },
  'revoke-open311-key': { items: [{ on: ['open311Keys'], actions: ['UpdateItem'] }] },

  // ---- background
  'notify-citizen': { items: SENDS_SMS },
  // the only deletes of the SMS path: a deferred or held SMS leaves its queue once sent or given up
  'drain-deferred-sms': {
    items: SENDS_SMS.map((grant) => (grant.on.includes('smsDeferred') ? { ...grant, actions: [...grant.actions, 'DeleteItem'] } : grant)),
  },
  // the upload claim and photo state (UpdateItem), the report and its event (PutItem)
  'process-photo': { items: [{ on: ['report'], actions: ['GetItem', 'PutItem', 'UpdateItem'] }] },
  escalate: {
    items: [
      // a guarded Put of the report and one of its event: escalation, auto-close and the retention purge, which also
      // deletes the publicly shown name beside the report (and followers of the layout before contact moved out,
      // found by a Query); overdue rows are read whole (BatchGetItem)
      { on: ['report'], actions: ['BatchGetItem', 'Query', 'PutItem', 'DeleteItem'] },
      // retention: the purge removes a finished report's contact and phone followers (and moves an old layout's)
      { on: ['contact'], actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'] },
      // a reopening is told to its unit once, then removed
      { on: ['reopenedNotice'], actions: ['Query', 'DeleteItem'] },
    ],
    indexes: ['gsi10-deadline', 'gsi2-status'],
  },
  'aggregate-stats': {
    items: [
      { on: ['report'], actions: ['GetItem'] },
      { on: ['stats'], actions: ['BatchGetItem', 'Query', 'PutItem', 'UpdateItem'] },
      { on: ['statsMarker'], actions: ['PutItem'] },
    ],
  },
  'export-open-data': { items: [{ on: ['report'], actions: ['BatchGetItem', 'Query'] }], indexes: ['gsi1-public'] },
};

/** One recorded (or intended) use of the main table by a function. */
export interface TableUse {
  readonly action: ItemAction | 'Scan' | 'BatchWriteItem';
  /** the index queried; absent for the table itself */
  readonly index?: string;
  /** the partition-key values of every item touched (table actions), as IAM's dynamodb:LeadingKeys sees them */
  readonly partitionKeys?: readonly string[];
}

/** IAM's StringLike: `*` any run of characters, `?` exactly one. */
export function stringLike(pattern: string, value: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 's').test(value);
}

/** Whether a function's grant allows a use: the same decision IAM makes from the statements AppTable writes. */
export function grantAllows(grant: TableGrant | undefined, use: TableUse): boolean {
  if (!grant) return false;
  if (use.index !== undefined) return use.action === 'Query' && (grant.indexes ?? []).includes(use.index as IndexName);
  const keys = use.partitionKeys ?? [];
  if (keys.length === 0) return false;
  // ForAllValues: one statement must cover every key of the request
  return grant.items.some(
    (item) =>
      item.actions.includes(use.action as ItemAction) &&
      keys.every((key) => item.on.some((partition) => stringLike(PARTITIONS[partition], key))),
  );
}
