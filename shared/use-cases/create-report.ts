/**
 * A citizen submits a report (already validated: the number is E.164). It gets a tracking code and the first stage's deadline, and report and "created" event are written in one transaction.
 */
import { stageDueAt } from '../domain/deadlines';
import type { HistoryEvent, Report } from '../domain/report';
import type { CreateReportRequest } from '../domain/report-request';
import { newTrackingCode } from '../domain/tracking-code';
import { ReportExistsError, type ReportRepository } from '../adapters/dynamodb/report-repository';
import type { Placement } from '../location/place-report';

export interface CreateReportDeps {
  repository: ReportRepository;
  now: () => Date;
  newCode?: () => string;
  /** counts the request against the caller's quotas; throws a 429 problem when one is used up */
  consumeQuotas?: (phone: string, now: Date) => Promise<void>;
  /** the view key of a confidential report: its hash is kept on the report, its sealed copy rides the receipt event */
  viewKey?: { hash: string; sealed: string };
}

/** Codes collide about once in 10^11; a few retries turn that into never. */
const MAX_CODE_ATTEMPTS = 3;

/** The request, with its kecamatan decided (shared/location/place-report.ts). */
export type PlacedReportRequest = CreateReportRequest & Partial<Placement>;

export async function createReport(input: PlacedReportRequest, deps: CreateReportDeps): Promise<Report> {
  // placeReport gives every request a kecamatan; reaching here without one is a bug, not a citizen's mistake
  if (input.district === undefined) throw new Error('createReport: the report has no district; place it first');
  const district = input.district;
  const now = deps.now();
  await deps.consumeQuotas?.(input.reporter.phone, now);
  const createdAt = now.toISOString();
  const base = {
    version: 1,
    status: 'received' as const,
    category: input.category,
    district,
    districtSource: input.districtSource ?? 'citizen',
    ...(input.citizenDistrict && { citizenDistrict: input.citizenDistrict }),
    priority: 'normal' as const,
    description: input.description,
    publicDescription: input.description,
    ...(input.location && { location: input.location }),
    ...(input.address && { address: input.address }),
    reporter: {
      phone: input.reporter.phone,
      ...(input.reporter.name && { name: input.reporter.name }),
      showName: input.reporter.showName,
      anonymous: input.reporter.anonymous,
      language: input.reporter.language,
    },
    confidential: input.confidential,
    ...(input.confidential && deps.viewKey && { viewKeyHash: deps.viewKey.hash }),
    createdAt,
    updatedAt: createdAt,
    dueAt: stageDueAt('received', input.category, 'normal', now),
    escalationLevel: 0,
    eventCount: 1,
  };

  for (let attempt = 1; ; attempt++) {
    const id = (deps.newCode ?? newTrackingCode)();
    const report: Report = { id, ...base };
    const event: HistoryEvent = {
      reportId: id,
      seq: 1,
      type: 'created',
      at: createdAt,
      actor: { role: 'citizen' },
      to: 'received',
      visibility: 'public',
      notify: true,
      ...(input.confidential && deps.viewKey && { data: { viewKeySealed: deps.viewKey.sealed } }),
    };
    try {
      await deps.repository.create(report, event);
      return report;
    } catch (err) {
      if (!(err instanceof ReportExistsError) || attempt >= MAX_CODE_ATTEMPTS) throw err;
    }
  }
}
