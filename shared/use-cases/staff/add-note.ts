/**
 * A note on a report: public notes show in the citizen's view, internal ones only to staff. Any staff
 * member who may read the report may comment (district offices included). Notes need no If-Match: they
 * do not change the report's state, so they leave its version (the ETag) alone and an official's move is
 * never refused because someone commented meanwhile. A race is caught by the event's sequence number (each
 * event is written only where none exists) and the note is simply re-applied to the fresh read.
 */
import * as z from 'zod/mini';
import type { DynamoReportRepository } from '../../adapters/dynamodb/report-repository';
import type { StaffIdentity } from '../../auth/staff-identity';
import { recordChange, type EventDraft } from '../../domain/record-change';
import { text } from '../../domain/report-fields';
import { meta } from '../../domain/schema-meta';
import { jitter, retryOnConflict } from '../../domain/retry-on-conflict';
import { loadForStaff } from './load-report';

export const noteRequestSchema = meta(z.strictObject({ text: text(1, 2000), visibility: z.enum(['public', 'internal']) }), { id: 'NoteRequest' });

const ATTEMPTS = 5;

export async function addNote(rawId: string | undefined, body: z.infer<typeof noteRequestSchema>, who: StaffIdentity, deps: { repository: DynamoReportRepository; now: () => Date }) {
  return retryOnConflict(async () => {
    const { report, events } = await loadForStaff(deps.repository, rawId, who);
    const draft: EventDraft = { type: 'note', actor: { role: who.role, id: who.sub }, note: body.text, visibility: body.visibility, notify: false };
    const { report: next, event } = recordChange(report, draft, deps.now().toISOString(), { version: 'keep' });
    await deps.repository.applyChange({ report: next, expectedVersion: report.version, events: [event] });
    return { report: next, events: [...events, event] };
  }, { attempts: ATTEMPTS, pause: jitter(25) }); // writers that collided spread out instead of colliding again
}
