/** POST /v1/staff/reports/{id}/notes: a public or internal note. */
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { staffIdentity } from '../shared/auth/staff-identity';
import { etagOf } from '../shared/http/etag';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';
import { parseOrThrow } from '../shared/http/problem';
import { addNote, noteRequestSchema } from '../shared/use-cases/staff/add-note';

export const handler = httpHandler(async (req) => {
  const who = staffIdentity(req.event);
  const body = parseOrThrow(noteRequestSchema, req.json(), req.lang);
  const { report, events } = await addNote(req.path.id, body, who, { repository: reportRepository, now: () => new Date() });
  const { reportId: _id, ...note } = events.at(-1)!;
  return { status: 201, headers: { etag: etagOf(report.version) }, body: note };
}, [staffAuthentication()]);
