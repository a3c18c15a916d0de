/** GET /v1/reports: the public list, newest first, filtered by district, category or status. */
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { toPublicListItem } from '../shared/domain/report';
import { decodeCursor, encodeCursor } from '../shared/http/cursor';
import { httpHandler } from '../shared/http/handler';
import { listReportsQuerySchema } from '../shared/http/list-reports-query';
import { parseOrThrow } from '../shared/http/problem';

export const handler = httpHandler(async (req) => {
  const query = parseOrThrow(listReportsQuerySchema, req.query, req.lang, 'query');
  const page = await reportRepository.listPublic({ ...query, after: decodeCursor(query.cursor, req.lang) });
  return { status: 200, body: { items: page.items.map(toPublicListItem), nextCursor: page.next ? encodeCursor(page.next) : null } };
});
