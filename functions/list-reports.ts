/** GET /v1/reports: the public list, newest first, filtered by district, category or status. */
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { decodeCursor, encodeCursor } from '../shared/http/cursor';
import { httpHandler } from '../shared/http/handler';
import { listReportsQuerySchema } from '../shared/http/list-reports-query';
import { parseOrThrow } from '../shared/http/problem';
import { listPublicReports } from '../shared/use-cases/list-reports';

const deps = { repository: reportRepository };

export const handler = httpHandler(async (req) => {
  const query = parseOrThrow(listReportsQuerySchema, req.query, req.lang, 'query');
  const page = await listPublicReports({ ...query, after: decodeCursor(query.cursor, req.lang) }, deps);
  return { status: 200, body: { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null } };
});
