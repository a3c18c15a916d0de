/**
 * The escalation run as a Lambda handler for an EventBridge scheduled event (and the local scheduler, which sends
 * the same shape). The run's clock is the handler's clock (the event's `time` is when EventBridge meant to start,
 * not a clock a person can move); the time budget is the invocation's.
 */
import type { Context, ScheduledEvent } from 'aws-lambda';
import type { Clock } from './clock';
import type { CountMetricsPort, FlushableMetricsPort, LogPort } from '../observability/ports';
import { runEscalation, type EscalationDeps, type EscalationSummary } from './run-escalation';

export interface EscalateHandlerDeps extends Omit<EscalationDeps, 'now' | 'remainingMs' | 'log'> {
  clock: Clock;
  log: LogPort;
  metrics?: CountMetricsPort & Pick<FlushableMetricsPort, 'publishStoredMetrics'>;
}

export type EscalateHandler = (event: ScheduledEvent | Record<string, unknown>, context: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<EscalationSummary>;

/**
 * The last year the holiday list covers, when `now` is past it: deadlines are then counted as if that year had no
 * holidays. The list is data to keep current (config/holidays/), and this run is the one place that sees it lapse.
 */
export function holidayListLapsed(holidays: readonly string[], now: Date): string | undefined {
  const last = holidays.reduce((max, d) => (d > max ? d : max), '');
  if (last === '') return undefined;
  return now.toISOString().slice(0, 4) > last.slice(0, 4) ? last.slice(0, 4) : undefined;
}

export function createEscalateHandler(deps: EscalateHandlerDeps): EscalateHandler {
  return async (_event, context) => {
    const now = deps.clock();
    const lapsed = holidayListLapsed(deps.settings.calendar.holidays, now);
    if (lapsed)
      deps.log.warn('the holiday list ends with ' + lapsed + ': deadlines now ignore public holidays; add the new year to the holiday file', {
        lastYear: lapsed,
      });
    const summary = await runEscalation({ ...deps, now, remainingMs: () => context.getRemainingTimeInMillis() });
    const busy = summary.itemsRead > 0 || summary.digestsFailed > 0 || !summary.complete;
    // a run with nothing to do every 15 minutes is a heartbeat, not news: the metrics carry it
    if (busy) deps.log.info('escalation run', { now: now.toISOString(), ...summary });
    else deps.log.debug?.('escalation run', { now: now.toISOString(), ...summary });
    if (!summary.complete) deps.log.warn('escalation run stopped at its time budget; the next run carries on', { itemsRead: summary.itemsRead });
    if (deps.metrics) {
      deps.metrics.addMetric('ReportsEscalated', 'Count', summary.escalated);
      deps.metrics.addMetric('EscalationReminders', 'Count', summary.reminded);
      deps.metrics.addMetric('ReportsAutoClosed', 'Count', summary.autoClosed);
      deps.metrics.addMetric('EscalationConflicts', 'Count', summary.skippedConflicts);
      deps.metrics.addMetric('EscalationFailures', 'Count', summary.failed + summary.digestsFailed);
      deps.metrics.addMetric('EscalationItemsRead', 'Count', summary.itemsRead);
      deps.metrics.addMetric('EscalationRunIncomplete', 'Count', summary.complete ? 0 : 1);
      deps.metrics.publishStoredMetrics();
    }
    return summary;
  };
}
