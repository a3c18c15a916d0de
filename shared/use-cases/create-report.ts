/**
 * A citizen submits a report (already validated: the number is E.164). It gets a tracking code and the first stage's deadline, and report and "created" event are written in one transaction.
 */
import { stageDueAt } from '../domain/deadlines';
import type { HistoryEvent, Report, ReportSource } from '../domain/report';
import type { CreateReportRequest } from '../domain/report-request';
import { newTrackingCode } from '../domain/tracking-code';
import { retryOnConflict } from '../domain/retry-on-conflict';
import { redactPersonalData } from '../privacy/redact';
import { DuplicateSubmissionError, ReportExistsError, type DynamoReportRepository } from '../adapters/dynamodb/report-repository';
import { submissionKey } from '../domain/submission-key';
import type { Placement } from '../location/place-report';

/**
 * What the use case takes: the native request, or what another door (Open311) makes of its own. Only the
 * native API requires a phone number; without one nobody gets an SMS.
 */
export type CreateReportInput = Omit<CreateReportRequest, 'reporter'> & {
  reporter: Omit<CreateReportRequest['reporter'], 'phone'> & { phone?: string; email?: string };
  source?: ReportSource;
  mediaUrls?: string[];
};

export interface CreateReportDeps {
  repository: DynamoReportRepository;
  now: () => Date;
  newCode?: () => string;
  /** counts the request against the caller's quotas; throws a 429 problem when one is used up */
  consumeQuotas?: (phone: string, now: Date) => Promise<void>;
  /** the view key of a confidential report: its hash is kept on the report, its sealed copy rides the receipt event */
  viewKey?: { hash: string; sealed: string };
  /**
   * how long (ms) the same number with the same description gets the first report back instead of a second one;
   * absent or 0: no such check (Open311 clients and tests that want every call to make a report)
   */
  dedupeWindowMs?: number;
}

/** What a submission made: a new report, or the one the same submission made a moment ago. */
export interface CreateOutcome {
  report: Report;
  duplicate: boolean;
}

/** Codes collide about once in 10^11; a few retries turn that into never. */
const MAX_CODE_ATTEMPTS = 3;

/** The request, with its kecamatan decided (shared/location/place-report.ts). */
export type PlacedReportRequest = CreateReportInput & Partial<Placement>;

export async function createReport(input: PlacedReportRequest, deps: CreateReportDeps): Promise<Report> {
  return (await createReportOnce(input, deps)).report;
}

/**
 * As createReport, and safe to retry without an Idempotency-Key: a repeat within the window is found before the
 * quotas are counted (a retry costs the citizen nothing), and two racing copies are told apart by the guard the
 * report is written with, in the same transaction, so only one report and one receipt SMS ever exist.
 */
export async function createReportOnce(input: PlacedReportRequest, deps: CreateReportDeps): Promise<CreateOutcome> {
  // placeReport gives every request a kecamatan; reaching here without one is a bug, not a citizen's mistake
  if (input.district === undefined) throw new Error('createReport: the report has no district; place it first');
  const district = input.district;
  const now = deps.now();
  const phone = input.reporter.phone;
  const guardKey = phone && deps.dedupeWindowMs ? await submissionKey(phone, input.description) : undefined;
  if (guardKey) {
    const earlier = await deps.repository.findSubmission(guardKey, now);
    if (earlier) return { report: earlier, duplicate: true };
  }
  // the native API always has a number; a client without one counts against its own key's quota instead
  if (input.reporter.phone) await deps.consumeQuotas?.(input.reporter.phone, now);
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
    // what verification will publish, already masked: triage sees exactly this before verifying
    publicDescription: redactPersonalData(input.description),
    ...(input.location && { location: input.location }),
    ...(input.address && { address: input.address }),
    reporter: {
      ...(input.reporter.phone && { phone: input.reporter.phone }),
      ...(input.reporter.name && { name: input.reporter.name }),
      ...(input.reporter.email && { email: input.reporter.email }),
      showName: input.reporter.showName,
      anonymous: input.reporter.anonymous,
      language: input.reporter.language,
    },
    confidential: input.confidential,
    ...(input.confidential && deps.viewKey && { viewKeyHash: deps.viewKey.hash, viewKeySealed: deps.viewKey.sealed }),
    ...(input.source && { source: input.source }),
    ...(input.mediaUrls?.length && { mediaUrls: input.mediaUrls }),
    createdAt,
    updatedAt: createdAt,
    dueAt: stageDueAt('received', input.category, 'normal', now),
    escalationLevel: 0,
    eventCount: 1,
  };

  // a code already taken, or a guard whose window closed as another copy took it: try again with a new code
  const retryable = (err: unknown) => err instanceof ReportExistsError || (err instanceof DuplicateSubmissionError && Boolean(guardKey));
  return retryOnConflict(async (): Promise<{ report: Report; duplicate: boolean }> => {
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
      const guard = guardKey ? { key: guardKey, expiresAt: Math.ceil((now.getTime() + (deps.dedupeWindowMs ?? 0)) / 1000) } : undefined;
      await deps.repository.create(report, event, guard);
      return { report, duplicate: false };
    } catch (err) {
      if (err instanceof DuplicateSubmissionError && guardKey) {
        // the copy that raced this one won: answer with its report
        const winner = await deps.repository.findSubmission(guardKey, now);
        if (winner) return { report: winner, duplicate: true };
        // its window closed in between: the next attempt may take the guard over
      }
      throw err;
    }
  }, { attempts: MAX_CODE_ATTEMPTS, isConflict: retryable });
}
