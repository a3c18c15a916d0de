import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
  type Attribute,
} from 'aws-cdk-lib/aws-dynamodb';
import { Grant, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { TableDefinition } from '../../shared/table/definition';
import { PARTITIONS, type TableGrant } from '../table-grants';

export type DataAccess = 'read' | 'readwrite';

/*
 * Item actions only. Scan is left out on purpose: the design allows a Query or GetItem on every request path,
 * and leaving Scan out of IAM makes an accidental full-table read fail loudly instead of quietly costing money.
 * Transactions need no actions of their own: TransactWriteItems is authorised per item by Put/Update/Delete/
 * ConditionCheckItem, TransactGetItems by GetItem.
 */
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

const key = (name: string): Attribute => ({ name, type: AttributeType.STRING });

/**
 * A DynamoDB table built from its entry in shared/table/definition.ts, the same definition the local
 * bootstrap uses, so the keys, indexes, stream and TTL in AWS cannot drift from the ones tested locally.
 */
export class AppTable extends TableV2 {
  constructor(
    scope: Construct,
    readonly definition: TableDefinition,
  ) {
    super(scope, definition.id, {
      partitionKey: key(definition.partitionKey),
      sortKey: definition.sortKey === undefined ? undefined : key(definition.sortKey),
      // citizen reports come in bursts (a flood, a collapsed bridge); on-demand needs no capacity planning
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // AWS-managed key: encrypted at rest, key use visible in CloudTrail, no key policy to maintain
      encryption: TableEncryptionV2.awsManagedKey(),
      dynamoStream: definition.stream === 'NEW_AND_OLD_IMAGES' ? StreamViewType.NEW_AND_OLD_IMAGES : undefined,
      timeToLiveAttribute: definition.timeToLiveAttribute,
      // each index holds only what its queries return (shared/table/definition.ts), never contact data
      globalSecondaryIndexes: definition.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        ...(index.projection.type === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.attributes] }
          : { projectionType: index.projection.type === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY }),
      })),
      // reports are public records of the regency: a stack deletion must never take them along
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Grants item access to the table and Query on each index, named one by one from the definition:
   * least privilege, and no `index/*` wildcard for a reviewer to accept.
   */
  grantData(grantee: IGrantable, access: DataAccess): void {
    // whole-table access is for the idempotency table (one record per key, Powertools reads and writes it);
    // the main table is granted by partition with grantItems
    if (this.definition.indexes.length > 0) throw new Error(`${this.definition.id}: grant by partition (grantItems), not the whole table`);
    Grant.addToPrincipal({
      grantee,
      actions: access === 'read' ? READ_ACTIONS : [...READ_ACTIONS, ...WRITE_ACTIONS],
      resourceArns: [this.tableArn],
    });
    if (this.definition.indexes.length > 0) {
      Grant.addToPrincipal({
        grantee,
        actions: ['dynamodb:Query'],
        resourceArns: this.definition.indexes.map((index) => `${this.tableArn}/index/${index.name}`),
      });
    }
  }

  /**
   * Grants one function's entry of infra/table-grants.ts: per entry, its actions on the table only for items whose
   * partition key matches the entry's prefixes (ForAllValues:StringLike on dynamodb:LeadingKeys: every key a
   * request touches must match, so a batch or a query cannot reach past them), and Query on the indexes it names.
   */
  grantItems(grantee: IGrantable, grant: TableGrant): void {
    for (const item of grant.items) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: item.actions.map((action) => `dynamodb:${action}`),
          resources: [this.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': item.on.map((partition) => PARTITIONS[partition]) } },
        }),
      );
    }
    const indexes = grant.indexes ?? [];
    for (const name of indexes) {
      if (!this.definition.indexes.some((index) => index.name === name)) throw new Error(`${this.definition.id} has no index ${name}`);
    }
    if (indexes.length > 0) {
      Grant.addToPrincipal({ grantee, actions: ['dynamodb:Query'], resourceArns: indexes.map((name) => `${this.tableArn}/index/${name}`) });
    }
  }
}
