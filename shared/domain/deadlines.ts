/**
 * When the current stage of a report is due: the SLA policy's target for the stage, category and priority, counted
 * in working time on the jurisdiction's calendar (time zone, working days and hours, holidays), from the moment the
 * report entered the stage. The pure rules live in sla-policy.ts and working-calendar.ts; this module binds them to
 * the configuration so callers (create, transitions) only say which stage and when.
 */
import { jurisdiction, type Jurisdiction } from '../config/jurisdiction';
import { dueAtFor } from './sla-policy';
import type { Priority, ReportStatus } from './report';
import { stageOf } from './status-machine';

/** The deadline for leaving `status`, or undefined for statuses without a running deadline (resolved, closed, …). */
export function stageDueAt(status: ReportStatus, category: string, priority: Priority, from: Date): string | undefined {
  return stageDueAtIn(jurisdiction, status, category, priority, from);
}

/** As stageDueAt, for a given configuration (tests, other regions). */
export function stageDueAtIn(
  config: Pick<Jurisdiction, 'sla' | 'workingCalendar'>,
  status: ReportStatus,
  category: string,
  priority: Priority,
  from: Date,
): string | undefined {
  const stage = stageOf(status);
  if (stage === null) return undefined;
  return dueAtFor(config.sla, config.workingCalendar, stage, category, priority, from).toISOString();
}
