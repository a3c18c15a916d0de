/** The public list of reports, newest first, filtered by district, category or status (confidential ones left out). */
import type { PublicListFilter, DynamoReportRepository } from '../adapters/dynamodb/report-repository';
import { toPublicListItem } from '../domain/report';

export interface ListReportsDeps {
  repository: Pick<DynamoReportRepository, 'listPublic'>;
}

export async function listPublicReports(filter: PublicListFilter, deps: ListReportsDeps) {
  const page = await deps.repository.listPublic(filter);
  return { items: page.items.map(toPublicListItem), next: page.next };
}
