/**
 * SLA policy: how much working time each stage of a report may take, and the deadline (`dueAt`) that follows.
 *
 * Pure: the policy and calendar come from configuration (validated by shared/config/sla-policy-schema.ts), the instant from the
 * caller. Target for a stage = the time allowed to leave it: `received` → verified, `verified` → in progress,
 * `in_progress` → resolved.
 *
 * Precedence: the most specific matching override wins, category+priority > category > priority > the stage's
 * default. The schema rejects two overrides with the same stage, category and priority, so no tie is left to
 * the order of the list.
 */
import { addWorkingTime } from './working-calendar';
import type { WorkingCalendar, WorkingDuration } from './working-calendar';
import type { Stage } from './status-machine';


export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface SlaOverride {
  stage: Stage;
  category?: string;
  priority?: Priority;
  target: WorkingDuration;
}

export interface SlaPolicy {
  stages: Record<Stage, WorkingDuration>;
  overrides: SlaOverride[];
}

/** The override (or stage default) that applies to a report of this category and priority in this stage. */
export function stageTarget(policy: SlaPolicy, stage: Stage, category: string, priority: Priority): WorkingDuration {
  let best: { rank: number; target: WorkingDuration } | undefined;
  for (const override of policy.overrides) {
    if (override.stage !== stage) continue;
    if (override.category !== undefined && override.category !== category) continue;
    if (override.priority !== undefined && override.priority !== priority) continue;
    const rank = (override.category !== undefined ? 2 : 0) + (override.priority !== undefined ? 1 : 0);
    if (!best || rank > best.rank) best = { rank, target: override.target };
  }
  return best ? best.target : policy.stages[stage];
}

/** The deadline for leaving `stage`, counted in working time from `from` (when the report entered the stage). */
export function dueAtFor(
  policy: SlaPolicy,
  cal: WorkingCalendar,
  stage: Stage,
  category: string,
  priority: Priority,
  from: Date,
): Date {
  return addWorkingTime(from, stageTarget(policy, stage, category, priority), cal);
}
