/**
 * Least privilege on the main table, read from the synthesized template: each function's role may use only the
 * actions and partitions of its entry in infra/table-grants.ts, always under a dynamodb:LeadingKeys condition.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARTITIONS, TABLE_GRANTS } from '../../infra/table-grants';
import { ROUTES } from '../../shared/http/routes';
import { MAIN_TABLE } from '../../shared/table/definition';
import { buildStacks } from '../support/infra-stacks';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

let template: Template;
beforeAll(() => {
  template = Template.fromStack(buildStacks().api);
}, 180_000);

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of the policies attached to the role of `functions/<fn>.ts`. */
function statementsOf(fn: string): Statement[] {
  const functions = template.findResources('AWS::Lambda::Function', { Properties: { Description: `Si Centang ${fn}` } });
  const [lambda] = Object.values(functions);
  if (!lambda) throw new Error(`no function ${fn}`);
  const roleId = (lambda.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** Statements on the main table itself (not its indexes), as the stateful stack exports it. */
const onMainTable = (s: Statement) =>
  list(s.Resource).some((r) => /Reports/.test(JSON.stringify(r)) && !/\/index\/|StreamArn/.test(JSON.stringify(r)));
const onIndexes = (s: Statement) => list(s.Resource).some((r) => /\/index\//.test(JSON.stringify(r)));
const dynamoActions = (s: Statement) => list(s.Action).filter((a) => a.startsWith('dynamodb:'));
const leadingKeys = (s: Statement) => list(s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? []);
const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

const PUBLIC_READERS = ['get-report', 'list-reports', 'list-nearby-reports', 'get-open311-request', 'get-open311-resource', 'get-stats', 'get-open-data'];
const NO_TABLE = ['get-health', 'get-openapi', 'list-categories', 'list-districts', 'locate-point', 'get-open311-service', 'route-not-found'];
const REVEALS_CONTACT = ['get-staff-report', 'update-report', 'transition-report'];

describe('main table grants', () => {
  it('every main-table item statement of every function is limited by partition key', () => {
    for (const fn of Object.keys(TABLE_GRANTS).filter((f) => TABLE_GRANTS[f]!.items.length > 0)) {
      const item = statementsOf(fn).filter((s) => onMainTable(s) && dynamoActions(s).length > 0);
      expect(item.length, fn).toBeGreaterThan(0);
      for (const s of item) expect(leadingKeys(s).length, `${fn}: ${JSON.stringify(s)}`).toBeGreaterThan(0);
    }
  });

  it('public read functions can write nothing and reach no contact, audit or inbound SMS partition', () => {
    for (const fn of PUBLIC_READERS) {
      const statements = statementsOf(fn).filter((s) => dynamoActions(s).length > 0);
      expect(statements.length, fn).toBeGreaterThan(0);
      for (const s of statements) {
        expect(dynamoActions(s).filter((a) => WRITES.includes(a)), fn).toEqual([]);
        // on the table: reports and statistics only (never a contact, the audit or an inbound SMS)
        if (onMainTable(s)) {
          expect(leadingKeys(s).length, fn).toBeGreaterThan(0);
          for (const key of leadingKeys(s)) expect([PARTITIONS.report, PARTITIONS.stats], fn).toContain(key);
        }
      }
    }
  });

  it('functions that read no table get no DynamoDB action at all', () => {
    for (const fn of NO_TABLE) expect(statementsOf(fn).flatMap(dynamoActions), fn).toEqual([]);
  });

  it('only the admin list reads the contact-read audit, and the reveal views may only append to it', () => {
    const auditReaders = Object.keys(TABLE_GRANTS).filter((fn) =>
      statementsOf(fn).some((s) => leadingKeys(s).includes(PARTITIONS.audit) && dynamoActions(s).some((a) => a !== 'dynamodb:PutItem')),
    );
    expect(auditReaders).toEqual(['list-contact-reads']);
    expect(statementsOf('list-contact-reads').filter((s) => leadingKeys(s).includes(PARTITIONS.audit)).flatMap(dynamoActions)).toEqual(['dynamodb:Query']);
    const appenders = Object.keys(TABLE_GRANTS).filter((fn) => statementsOf(fn).some((s) => leadingKeys(s).includes(PARTITIONS.audit) && dynamoActions(s).includes('dynamodb:PutItem')));
    expect(appenders.sort()).toEqual([...REVEALS_CONTACT].sort());
    for (const fn of REVEALS_CONTACT) {
      const audit = statementsOf(fn).filter((s) => leadingKeys(s).includes(PARTITIONS.audit));
      expect(audit.flatMap(dynamoActions), fn).toEqual(['dynamodb:PutItem']);
      // an audit statement names the audit partition alone, so its PutItem reaches nothing else
      for (const s of audit) expect(leadingKeys(s), fn).toEqual([PARTITIONS.audit]);
    }
  });

  it('contact partitions are reachable only by the functions that collect, send to or reveal a contact, or purge it', () => {
    const withContact = Object.keys(TABLE_GRANTS).filter((fn) => statementsOf(fn).some((s) => leadingKeys(s).includes(PARTITIONS.contact)));
    expect(withContact.sort()).toEqual(
      ['create-report', 'create-open311-request', 'follow-report', 'receive-sms-webhook', 'receive-sms-topic', ...REVEALS_CONTACT, 'notify-citizen', 'drain-deferred-sms', 'escalate', 'add-staff-note'].sort(),
    );
    // the note writer only moves an old layout's contact with its write: it reads nothing there
    expect(statementsOf('add-staff-note').filter((s) => leadingKeys(s).includes(PARTITIONS.contact)).flatMap(dynamoActions)).toEqual(['dynamodb:PutItem']);
  });

  it('deletes only where code deletes: the deferred-SMS queue, reopening notices and the retention purge', () => {
    const deleters = Object.keys(TABLE_GRANTS).filter((fn) => statementsOf(fn).some((s) => dynamoActions(s).includes('dynamodb:DeleteItem') && onMainTable(s)));
    expect(deleters.sort()).toEqual(['drain-deferred-sms', 'escalate']);
    const allActions = Object.keys(TABLE_GRANTS).flatMap((fn) => statementsOf(fn).filter(onMainTable).flatMap(dynamoActions));
    expect(allActions).not.toContain('dynamodb:BatchWriteItem');
    expect(allActions).not.toContain('dynamodb:Scan');
  });

  it('index queries name their indexes: Query only, and the reporter index only for the inbound SMS paths', () => {
    for (const fn of Object.keys(TABLE_GRANTS)) {
      for (const s of statementsOf(fn).filter(onIndexes)) {
        expect(dynamoActions(s), fn).toEqual(['dynamodb:Query']);
        expect(JSON.stringify(s.Resource), fn).not.toContain('index/*');
      }
    }
    const reporterIndex = Object.keys(TABLE_GRANTS).filter((fn) => statementsOf(fn).some((s) => onIndexes(s) && JSON.stringify(s.Resource).includes('gsi11-reporter')));
    expect(reporterIndex.sort()).toEqual(['receive-sms-topic', 'receive-sms-webhook']);
  });

  it('the grant table covers every route function that uses the table, names only real indexes, and gives read routes no writes', () => {
    const indexes = new Set(MAIN_TABLE.indexes.map((index) => index.name));
    for (const [fn, grant] of Object.entries(TABLE_GRANTS)) for (const index of grant.indexes ?? []) expect(indexes, fn).toContain(index);
    for (const route of ROUTES.filter((r) => r.table !== 'none')) expect(Object.keys(TABLE_GRANTS), route.fn).toContain(route.fn);
    const readOnly = [...new Set(ROUTES.map((r) => r.fn))].filter((fn) => ROUTES.filter((r) => r.fn === fn).every((r) => r.table !== 'readwrite'));
    for (const fn of readOnly.filter((f) => TABLE_GRANTS[f])) {
      const actions = TABLE_GRANTS[fn]!.items.flatMap((item) => item.actions);
      expect(actions.filter((a) => ['PutItem', 'UpdateItem', 'DeleteItem'].includes(a)), fn).toEqual([]);
    }
  });
});
