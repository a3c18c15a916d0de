/** The statistics construct in the synthesized API stack: the aggregator's mapping, the export schedule, open-data grants. */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStacks } from '../support/infra-stacks';
import { STATS_STREAM_FILTER } from '../../shared/stats/aggregator';

type Resource = { Properties: Record<string, any> };
let api: Template;

beforeAll(() => {
  api = Template.fromStack(buildStacks().api);
}, 120_000);

const ofType = (type: string) => Object.entries(api.findResources(type)) as [string, Resource][];
const fnId = (name: string) => ofType('AWS::Lambda::Function').find(([, f]) => f.Properties.Description === `Si Centang ${name}`)![0];
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
function statementsOf(name: string): any[] {
  const roleId = (api.toJSON().Resources as Record<string, Resource>)[fnId(name)]!.Properties.Role['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as any[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
}
const s3Statements = (name: string) => statementsOf(name).filter((s) => list(s.Action).some((a) => String(a).startsWith('s3:')));
const resourceText = (r: unknown) => JSON.stringify(r);

describe('statistics construct', () => {
  it('feeds the aggregator from the table stream through its shared filter, with the notifier\'s failure handling', () => {
    const [[, mapping]] = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties.FunctionName.Ref === fnId('aggregate-stats')) as [[string, Resource]];
    expect(mapping.Properties).toMatchObject({
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 43200,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ParallelizationFactor: 1,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(STATS_STREAM_FILTER) }] },
    });
    expect(resourceText(mapping.Properties.DestinationConfig.OnFailure.Destination)).toContain('FailureQueue');
  });

  // transactions are authorized by the actions of their parts (PutItem, UpdateItem)
  it('lets the aggregator read and write the table, and nothing in the bucket', () => {
    expect(s3Statements('aggregate-stats')).toEqual([]);
    const actions = statementsOf('aggregate-stats').flatMap((s) => list(s.Action).map(String));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchGetItem', 'dynamodb:Query']));
    expect(actions).not.toContain('dynamodb:Scan');
  });

  it('gives the open-data function and the export the open-data prefix only: get and put, and list under it', () => {
    for (const name of ['get-open-data', 'export-open-data']) {
      const statements = s3Statements(name);
      const objects = statements.filter((s) => !list(s.Action).includes('s3:ListBucket'));
      expect(objects.flatMap((s) => list(s.Action)).sort(), name).toEqual(['s3:GetObject', 's3:PutObject']);
      for (const s of objects) expect(resourceText(s.Resource), name).toContain('/open-data/*');
      const listing = statements.filter((s) => list(s.Action).includes('s3:ListBucket'));
      expect(listing.map((s) => s.Condition), name).toEqual([{ StringLike: { 's3:prefix': ['open-data/*'] } }]);
    }
  });

  it('runs the export daily at 01:00 in Jakarta', () => {
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.Targets[0].Arn['Fn::GetAtt'][0] === fnId('export-open-data'));
    expect(rules.map(([, r]) => r.Properties.ScheduleExpression)).toEqual(['cron(0 18 * * ? *)']);
  });
});
