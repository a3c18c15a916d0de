/**
 * Statistics and open data, the parts that are not routes: the aggregator on the table stream, the daily open-data
 * export, and the open-data route function's access to its own prefix of the bucket.
 */
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../shared/config/env';
import { OPEN_DATA_PREFIX } from '../../shared/open-data/service';
import { STATS_STREAM_FILTER } from '../../shared/stats/aggregator';
import type { AppTable } from './app-table';
import { AppFunction } from './lambda-function';

/** The route function that serves the open-data files (it needs the bucket though no route table entry says so). */
export const OPEN_DATA_FUNCTION = 'get-open-data';

export interface StatisticsProps {
  readonly mainTable: AppTable;
  /** on-failure destination of the aggregator's stream */
  readonly failureQueue: IQueue;
  /** the bucket, as imported into the API stack; open data lives under OPEN_DATA_PREFIX */
  readonly bucket: IBucket;
  /** the route function that serves the open-data files */
  readonly openDataFunction: AppFunction;
}

export class Statistics extends Construct {
  readonly aggregator: AppFunction;
  readonly openDataExport: AppFunction;

  constructor(scope: Construct, id: string, props: StatisticsProps) {
    super(scope, id);

    /*
     * Table stream → aggregates: a second event source mapping on the stream, with the same failure handling as
     * the notifier (partial batch response, bisect, bounded retries and record age, the failure queue). Counting is
     * idempotent per change (a conditional marker in the same transaction), so retries and replays count once.
     */
    this.aggregator = new AppFunction(this, 'AggregateStatsFunction', { name: 'aggregate-stats', memorySize: 256, timeout: Duration.seconds(60) });
    this.aggregator.bindMainTable(props.mainTable, ENV.tableName);
    this.aggregator.addEventSource(
      new DynamoEventSource(props.mainTable, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(12),
        reportBatchItemFailures: true,
        parallelizationFactor: 1,
        onFailure: new SqsDlq(props.failureQueue),
        filters: [FilterCriteria.filter(STATS_STREAM_FILTER)],
      }),
    );

    // the open-data files: read and write-once under their prefix; ListBucket so a missing key reads as 404, not 403
    const reader = props.openDataFunction;
    reader.bindBucketName(props.bucket, ENV.bucketName);
    reader.grantObjects(props.bucket, OPEN_DATA_PREFIX, ['s3:GetObject', 's3:PutObject'], 'finished months are served from S3 and written once when missing.');
    reader.addToRolePolicy(listOpenData(props.bucket));

    this.openDataExport = new AppFunction(this, 'ExportOpenDataFunction', { name: 'export-open-data', memorySize: 1024, timeout: Duration.minutes(5) });
    this.openDataExport.bindMainTable(props.mainTable, ENV.tableName);
    this.openDataExport.bindBucketName(props.bucket, ENV.bucketName);
    this.openDataExport.grantObjects(props.bucket, OPEN_DATA_PREFIX, ['s3:GetObject', 's3:PutObject'], 'the export writes last month\'s files once.');
    this.openDataExport.addToRolePolicy(listOpenData(props.bucket));
    // daily at 01:00 in Jakarta: writes last month once; the runs after find it there (a missed run is made up)
    new Rule(this, 'OpenDataSchedule', {
      description: 'Si Centang: write last month\'s open data to S3 once',
      schedule: Schedule.cron({ minute: '0', hour: '18' }),
      targets: [new LambdaFunction(this.openDataExport, { retryAttempts: 2 })],
    });
  }
}

function listOpenData(bucket: IBucket): PolicyStatement {
  return new PolicyStatement({
    sid: 'MissingOpenDataIs404',
    actions: ['s3:ListBucket'],
    resources: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': [`${OPEN_DATA_PREFIX}*`] } },
  });
}
