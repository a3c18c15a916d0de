/**
 * The one definition of the DynamoDB tables. CDK (infra/stateful-stack.ts) and the local bootstrap
 * (local/bootstrap.ts) both build their tables from this, so they cannot drift apart.
 * The key design and the access patterns it serves are written down in ./access-patterns.md.
 */

export interface IndexDefinition {
  /** index name */
  name: string;
  partitionKey: string;
  sortKey: string;
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

/** Every GSI key attribute is a string; sparse indexes simply omit the attribute. */
export const MAIN_TABLE: TableDefinition = {
  id: 'Reports',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    // public feed, newest first; write-sharded (PUB#0..N) so no single partition takes every write
    { name: 'gsi1-public', partitionKey: 'gsi1pk', sortKey: 'createdKey' },
    // by status (sharded), newest first or by due time
    { name: 'gsi2-status', partitionKey: 'statusKey', sortKey: 'createdKey' },
    { name: 'gsi3-status-due', partitionKey: 'statusKey', sortKey: 'dueKey' },
    // by district (kecamatan), and by district and status
    { name: 'gsi4-district', partitionKey: 'districtKey', sortKey: 'createdKey' },
    { name: 'gsi5-district-status', partitionKey: 'districtStatusKey', sortKey: 'createdKey' },
    { name: 'gsi6-district-status-due', partitionKey: 'districtStatusKey', sortKey: 'dueKey' },
    // by category
    { name: 'gsi7-category', partitionKey: 'categoryKey', sortKey: 'createdKey' },
    // by responsible unit and status
    { name: 'gsi8-unit-status', partitionKey: 'unitStatusKey', sortKey: 'createdKey' },
    { name: 'gsi9-unit-status-due', partitionKey: 'unitStatusKey', sortKey: 'dueKey' },
    // sparse: only reports that can still escalate or are waiting to auto-close
    { name: 'gsi10-deadline', partitionKey: 'deadlineKey', sortKey: 'deadlineAt' },
    // by reporter (hashed phone number): quotas and "my reports"; never exposed publicly
    { name: 'gsi11-reporter', partitionKey: 'reporterKey', sortKey: 'createdKey' },
    // near a point: geohash cell (about 1.2 km) and category
    { name: 'gsi12-near', partitionKey: 'geoKey', sortKey: 'createdKey' },
    // sparse: reports followed by phone, by status (sharded), most followers first
    { name: 'gsi13-followers', partitionKey: 'statusKey', sortKey: 'followerKey' },
    // sparse: open reports that still hold contact data, by when they reach the maximum age (retention purge)
    { name: 'gsi14-max-age', partitionKey: 'maxAgeKey', sortKey: 'maxAgeAt' },
  ],
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
