/**
 * PATCH a report's classification or published text: category, unit, priority, description (the text
 * the public sees once verified; triage redacts phone or ID numbers, names, abuse). Each changed field is
 * an internal history event keeping the old value, so the original stays visible to staff.
 * triage and admin may change everything; an officer only the priority of the unit's own reports.
 */
import * as z from 'zod/mini';
import { ConcurrentChangeError, type DynamoReportRepository } from '../../adapters/dynamodb/report-repository';
import type { StaffIdentity } from '../../auth/staff-identity';
import { recordChanges, type EventDraft } from '../../domain/record-change';
import type { HistoryEvent, Report } from '../../domain/report';
import { categoryCode, prioritySchema, text, unitCode } from '../../domain/report-fields';
import { meta } from '../../domain/schema-meta';
import { retryOnConflict, WriteConflict } from '../../domain/retry-on-conflict';
import { stageDueAt } from '../../domain/deadlines';
import { ForbiddenError, staleVersion } from '../../domain/errors';
import { isDesk } from '../../domain/status-machine';
import { loadForStaff } from './load-report';
import { redactPersonalData } from '../../privacy/redact';

export const updateRequestSchema = meta(
  z
    .strictObject({
      category: z.optional(categoryCode),
      unit: z.optional(unitCode),
      priority: z.optional(prioritySchema),
      publicDescription: meta(z.optional(text(10, 2000)), { description: 'The published (redacted) description, as views call it' }),
      description: meta(z.optional(text(10, 2000)), {
        description: 'Deprecated: the same as publicDescription (the original description never changes)',
        deprecated: true,
      }),
    })
    .check(
      z.refine((b) => b.publicDescription === undefined || b.description === undefined, {
        message: 'update.description-twice',
        path: ['publicDescription'],
      }),
      z.refine((b) => Object.keys(b).length > 0, { message: 'update.empty' }),
    ),
  { id: 'UpdateReportRequest' },
);
export type UpdateRequest = z.infer<typeof updateRequestSchema>;

const FIELD_OF = { category: 'category', unit: 'unit', priority: 'priority', publicDescription: 'publicDescription', description: 'publicDescription' } as const;

function mayChange(who: StaffIdentity, field: keyof UpdateRequest): boolean {
  if (isDesk(who.role)) return true;
  return who.role === 'officer' && field === 'priority';
}

/** When the report entered its current status: the last move to it, or its creation. */
function stageStart(report: Report, events: readonly HistoryEvent[]): Date {
  const entered = events.findLast((e) => e.type === 'status' && e.to === report.status);
  return new Date(entered?.at ?? report.createdAt);
}

/**
 * Priority and category decide the SLA target, so a change of either moves the open stage's deadline: counted
 * again from the start of the stage, in working time. An escalated report keeps the deadline of its escalation
 * rung (the ladder owns it until the stage ends); its place in the overdue queue comes from when it first went late.
 */
function recomputedDeadline(before: Report, after: Report, events: readonly HistoryEvent[]): string | undefined {
  if (before.priority === after.priority && before.category === after.category) return undefined;
  if (before.escalationLevel > 0 || before.overdueSince !== undefined) return undefined;
  const due = stageDueAt(before.status, after.category, after.priority, stageStart(before, events));
  return due !== undefined && due !== before.dueAt ? due : undefined;
}

/** A note or photo added between our read and write only renumbers our events: the edit is tried again on the fresh read. */
const ATTEMPTS = 5;

class HistoryMovedOn extends WriteConflict {}

type UpdateDeps = { repository: DynamoReportRepository; now: () => Date };

export async function updateReport(rawId: string | undefined, ifMatch: number, body: UpdateRequest, who: StaffIdentity, deps: UpdateDeps) {
  return retryOnConflict(() => attemptUpdate(rawId, ifMatch, body, who, deps), { attempts: ATTEMPTS, exhausted: () => staleVersion(ifMatch) });
}

async function attemptUpdate(rawId: string | undefined, ifMatch: number, body: UpdateRequest, who: StaffIdentity, deps: UpdateDeps) {
  const { report, events } = await loadForStaff(deps.repository, rawId, who);
  if (report.version !== ifMatch) throw staleVersion(report.version);
  const fields = Object.keys(body) as (keyof UpdateRequest)[];
  const refused = fields.filter((f) => !mayChange(who, f));
  if (refused.length > 0)
    throw new ForbiddenError('field-forbidden', { id: `Anda tidak boleh mengubah: ${refused.join(', ')}`, en: `You may not change: ${refused.join(', ')}` });

  const at = deps.now().toISOString();
  const changed: Report = { ...report };
  const drafts: EventDraft[] = [];
  for (const field of fields) {
    const key = FIELD_OF[field];
    const before = report[key];
    // staff text is masked too before it can be published: a number pasted back in is still a number
    const after = field === 'description' && body.description !== undefined ? redactPersonalData(body.description) : body[field];
    if (after === undefined || before === after) continue;
    (changed as unknown as Record<string, unknown>)[key] = after;
    drafts.push({
      type: 'edit',
      actor: { role: who.role, id: who.sub },
      visibility: 'internal',
      notify: false,
      data: { field: key, ...(before !== undefined && { from: before }), to: after },
    });
  }
  const deadline = recomputedDeadline(report, changed, events);
  if (deadline) {
    changed.dueAt = deadline;
    drafts.push({
      type: 'edit',
      actor: { role: who.role, id: who.sub },
      visibility: 'internal',
      notify: false,
      data: { field: 'dueAt', ...(report.dueAt !== undefined && { from: report.dueAt }), to: deadline },
    });
  }
  if (drafts.length === 0) return { report, events };
  const { report: next, events: newEvents } = recordChanges(changed, drafts, at);
  try {
    await deps.repository.applyChange({ report: next, expectedVersion: report.version, events: newEvents });
  } catch (err) {
    if (err instanceof ConcurrentChangeError) {
      const current = await deps.repository.getWithHistory(report.id);
      if (current && current.report.version === report.version) throw new HistoryMovedOn();
      throw staleVersion(current?.report.version ?? report.version + 1);
    }
    throw err;
  }
  return { report: next, events: [...events, ...newEvents] };
}
