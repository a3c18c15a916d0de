/**
 * PATCH a report's classification or published text: category, unit, priority, description (the text
 * the public sees once verified; triage redacts phone or ID numbers, names, abuse). Each changed field is
 * an internal history event keeping the old value, so the original stays visible to staff.
 * triage and admin may change everything; an officer only the priority of the unit's own reports.
 */
import * as z from 'zod';
import { ConcurrentChangeError, type ReportRepository } from '../../adapters/dynamodb/report-repository';
import type { StaffIdentity } from '../../auth/staff-identity';
import { categoryCode, prioritySchema, text, unitCode, type HistoryEvent, type Report } from '../../domain/report';
import { staleVersion } from '../../http/etag';
import { ProblemError } from '../../http/problem';
import { loadForStaff } from './load-report';
import { redactPersonalData } from '../../privacy/redact';

export const updateRequestSchema = z
  .strictObject({
    category: categoryCode.optional(),
    unit: unitCode.optional(),
    priority: prioritySchema.optional(),
    description: text(10, 2000).optional().meta({ description: 'The published (redacted) description' }),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'update.empty' })
  .meta({ id: 'UpdateReportRequest' });
export type UpdateRequest = z.infer<typeof updateRequestSchema>;

const FIELD_OF = { category: 'category', unit: 'unit', priority: 'priority', description: 'publicDescription' } as const;

function mayChange(who: StaffIdentity, field: keyof UpdateRequest): boolean {
  if (who.role === 'admin' || who.role === 'triage') return true;
  return who.role === 'officer' && field === 'priority';
}

export async function updateReport(rawId: string | undefined, ifMatch: number, body: UpdateRequest, who: StaffIdentity, deps: { repository: ReportRepository; now: () => Date }) {
  const { report, events } = await loadForStaff(deps.repository, rawId, who);
  if (report.version !== ifMatch) throw staleVersion(report.version);
  const fields = Object.keys(body) as (keyof UpdateRequest)[];
  const refused = fields.filter((f) => !mayChange(who, f));
  if (refused.length > 0)
    throw new ProblemError(403, 'field-forbidden', { id: `Anda tidak boleh mengubah: ${refused.join(', ')}`, en: `You may not change: ${refused.join(', ')}` });

  const at = deps.now().toISOString();
  const next: Report = { ...report, updatedAt: at };
  const newEvents: HistoryEvent[] = [];
  for (const field of fields) {
    const key = FIELD_OF[field];
    const before = report[key];
    // staff text is masked too before it can be published: a number pasted back in is still a number
    const after = field === 'description' && body.description !== undefined ? redactPersonalData(body.description) : body[field];
    if (after === undefined || before === after) continue;
    (next as unknown as Record<string, unknown>)[key] = after;
    newEvents.push({
      reportId: report.id,
      seq: report.eventCount + newEvents.length + 1,
      type: 'edit',
      at,
      actor: { role: who.role, id: who.sub },
      visibility: 'internal',
      notify: false,
      data: { field: key, ...(before !== undefined && { from: before }), to: after },
    });
  }
  if (newEvents.length === 0) return { report, events };
  next.version = report.version + 1;
  next.eventCount = report.eventCount + newEvents.length;
  try {
    await deps.repository.applyChange({ report: next, expectedVersion: report.version, events: newEvents });
  } catch (err) {
    if (err instanceof ConcurrentChangeError) throw staleVersion(report.version + 1);
    throw err;
  }
  return { report: next, events: [...events, ...newEvents] };
}
