/**
 * The public view of one report, by its tracking code. A confidential report does not exist as far as the public
 * can tell: only its view key (which its reporter holds) shows it. Photos appear once the report is published.
 */
import type { DynamoReportRepository } from '../adapters/dynamodb/report-repository';
import { reportNotFound } from '../domain/errors';
import { isPublished, toPublicView } from '../domain/report';
import { parseTrackingCode } from '../domain/tracking-code';
import { photoViews, type UrlSigner } from '../photos/views';
import { viewKeyMatches } from '../privacy/view-key';

export interface GetReportDeps {
  repository: Pick<DynamoReportRepository, 'getWithHistory'>;
  signer: UrlSigner;
}

export async function getPublicReport(rawId: string | undefined, viewKey: string | undefined, deps: GetReportDeps) {
  const id = parseTrackingCode(rawId ?? '');
  if (!id) throw reportNotFound();
  const found = await deps.repository.getWithHistory(id);
  if (!found) throw reportNotFound();
  if (found.report.confidential && !viewKeyMatches(viewKey, found.report.viewKeyHash)) throw reportNotFound();
  const view = toPublicView(found.report, found.events);
  return isPublished(found.report) ? { ...view, photos: await photoViews(found.report, deps.signer, { publicOnly: true }) } : view;
}
