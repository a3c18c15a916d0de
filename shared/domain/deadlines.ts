/**
 * When the current stage of a report is due. A plain per-stage duration from the configuration for now;
 * working time (calendar, holidays) replaces the arithmetic here without changing callers.
 */
import { jurisdiction } from '../config/jurisdiction';
import type { Priority, ReportStatus } from './report';

type Stage = keyof typeof jurisdiction.sla.stageHours;
const isStage = (s: ReportStatus): s is Stage => s in jurisdiction.sla.stageHours;

export function stageDueAt(status: ReportStatus, _category: string, _priority: Priority, from: Date): string | undefined {
  if (!isStage(status)) return undefined;
  return new Date(from.getTime() + jurisdiction.sla.stageHours[status] * 3_600_000).toISOString();
}
