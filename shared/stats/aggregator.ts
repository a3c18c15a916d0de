/**
 * The statistics aggregator: one table-stream record in, its contribution counted exactly once.
 *
 * - A report written (INSERT or MODIFY): the change from the old image to the new one (change.ts), counted under
 *   the marker of the write's last history event (`C#<eventCount>`). Every write of a report appends at least one
 *   history event, so the marker names the change; a replayed record, a retried batch or a bisected half meets
 *   its marker and counts nothing.
 * - A history event that is a citizen's answer to a resolution (citizen-answers.ts): counted under `A#<seq>`,
 *   where the report is now (one GetItem: the event carries no kecamatan).
 * - Anything else (delivery records, counters, notes, the aggregates themselves) is ignored; the event source
 *   filter drops most of it before an invocation is paid for.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { isStatus } from '../domain/status-machine';
import { unmarshallImage, type StreamAttributeValue } from '../notify/stream-image';
import type { FilterPattern } from '../notify/stream-filter';
import type { LogPort } from '../observability/ports';
import { answerContribution, contributionOf, stateOf, type StatsSettings, type StatsState } from './change';
import { citizenAnswerOf } from './citizen-answers';
import { answerMarkerSk, changeMarkerSk } from './keys';
import type { DynamoStatsStore } from './store';

/** Which stream records reach the aggregator: written reports and new history events. */
export const STATS_STREAM_FILTER = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { entity: { S: ['report', 'event'] } } },
} as const satisfies FilterPattern;


export interface AggregatorDeps {
  store: Pick<DynamoStatsStore, 'apply'>;
  settings: StatsSettings;
  /** the report as it is now, for events that do not carry its kecamatan */
  currentState(code: string): Promise<StatsState | undefined>;
  log?: Pick<LogPort, 'warn'>;
}

export type RecordOutcome = 'counted' | 'already-counted' | 'nothing-to-count' | 'ignored';

type ReportImage = Parameters<typeof stateOf>[0] & { id: string; eventCount: number; updatedAt: string };

function isReportImage(image: Record<string, unknown>): image is ReportImage & Record<string, unknown> {
  return (
    typeof image.id === 'string' &&
    isStatus(image.status) &&
    typeof image.district === 'string' &&
    typeof image.category === 'string' &&
    typeof image.createdAt === 'string' &&
    typeof image.updatedAt === 'string' &&
    Number.isInteger(image.eventCount)
  );
}

export function createStatsAggregator(deps: AggregatorDeps) {
  async function handleRecord(record: DynamoDBRecord): Promise<RecordOutcome> {
    const raw = record.dynamodb?.NewImage;
    if ((record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') || !raw) return 'ignored';
    const image = unmarshallImage(raw as Record<string, StreamAttributeValue>);

    if (image.entity === 'report') {
      if (!isReportImage(image)) {
        deps.log?.warn('Report image without the fields statistics need; skipped', { pk: image.pk });
        return 'ignored';
      }
      const oldRaw = record.eventName === 'MODIFY' ? record.dynamodb?.OldImage : undefined;
      const old = oldRaw ? unmarshallImage(oldRaw as Record<string, StreamAttributeValue>) : undefined;
      if (old && !isReportImage(old)) {
        // without the old state the change cannot be told from a new report: skip rather than count it as one
        deps.log?.warn('Old report image without the fields statistics need; skipped', { pk: image.pk });
        return 'ignored';
      }
      const before = old ? stateOf(old) : undefined;
      const contribution = contributionOf(before, stateOf(image), image.updatedAt, deps.settings);
      if (!contribution) return 'nothing-to-count';
      return deps.store.apply(contribution, { code: image.id, sk: changeMarkerSk(image.eventCount) });
    }

    if (image.entity === 'event' && record.eventName === 'INSERT') {
      const answer = citizenAnswerOf(image);
      if (!answer || typeof image.reportId !== 'string' || !Number.isInteger(image.seq) || typeof image.at !== 'string') return 'ignored';
      const state = await deps.currentState(image.reportId);
      if (!state) {
        deps.log?.warn('Answer for a report that does not exist; skipped', { reportId: image.reportId, seq: image.seq });
        return 'ignored';
      }
      return deps.store.apply(answerContribution(state, answer, image.at, deps.settings), {
        code: image.reportId,
        sk: answerMarkerSk(image.seq as number),
      });
    }
    return 'ignored';
  }
  return { handleRecord };
}

export type StatsAggregator = ReturnType<typeof createStatsAggregator>;

/**
 * As a Lambda handler: Powertools batch processing with partial batch response. Records are handled in stream
 * order; a failed one is reported, Lambda retries from it (the records after it come again and meet their markers),
 * and a batch where every record failed throws, so the mapping bisects it.
 */
export function createAggregateStatsHandler(aggregator: StatsAggregator) {
  return async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    const response = await processPartialResponse(event, (record: DynamoDBRecord) => aggregator.handleRecord(record), processor, {
      context,
      processInParallel: false,
    });
    return { batchItemFailures: response.batchItemFailures.map((f) => ({ itemIdentifier: f.itemIdentifier })) };
  };
}
