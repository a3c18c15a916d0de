/**
 * A staff member moves a report along its lifecycle. Order of checks: the report exists and is in scope,
 * the If-Match version is current (stale version before anything about the move), then the status machine
 * decides (no such move, not this person's move, a missing field: one move-refused error with the allowed moves). The new state and its event are
 * one transaction guarded by the version, so concurrent moves cannot both win.
 */
import { jurisdiction } from '../../config/jurisdiction';
import { ConcurrentChangeError, type DynamoReportRepository } from '../../adapters/dynamodb/report-repository';
import type { StaffIdentity } from '../../auth/staff-identity';
import { stageDueAt } from '../../domain/deadlines';
import { advanceReport, recordChange } from '../../domain/record-change';
import type { Report } from '../../domain/report';
import { retryOnConflict, WriteConflict } from '../../domain/retry-on-conflict';
import { checkMove, closesOnlyByDesk, isDesk, isOpen, isTerminal, type Actor, type Status } from '../../domain/status-machine';
import { localInstant } from '../../domain/local-time';
import { retentionEnd } from '../../domain/retention';
import { parseTrackingCode } from '../../domain/tracking-code';
import { ConflictError, ForbiddenError, InvalidInputError, MoveRefusedError, staleVersion } from '../../domain/errors';
import { loadForStaff } from './load-report';
import type { TransitionRequest } from './transition-request';

export type { TransitionRequest };

export interface TransitionDeps {
  repository: DynamoReportRepository;
  now: () => Date;
}

const DAY = 86_400_000;

/** expectedAt as an instant: a plain date means the end of that day in the jurisdiction (17:00 local is enough). */
function expectedInstant(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? localInstant(value, jurisdiction.timeZone, '17:00').toISOString() : new Date(value).toISOString();
}

/** A note or photo added between our read and write only renumbers our event: the move is tried again on the fresh read. */
const ATTEMPTS = 5;

class HistoryMovedOn extends WriteConflict {}

export async function transitionReport(rawId: string | undefined, ifMatch: number, body: TransitionRequest, who: StaffIdentity, actor: Actor, deps: TransitionDeps) {
  return retryOnConflict(() => attemptTransition(rawId, ifMatch, body, who, actor, deps), { attempts: ATTEMPTS, exhausted: () => staleVersion(ifMatch) });
}

async function attemptTransition(rawId: string | undefined, ifMatch: number, body: TransitionRequest, who: StaffIdentity, actor: Actor, deps: TransitionDeps) {
  const { report, events } = await loadForStaff(deps.repository, rawId, who);
  if (report.version !== ifMatch) throw staleVersion(report.version);

  const now = deps.now();
  const duplicateOf = body.duplicateOf === undefined ? undefined : (parseTrackingCode(body.duplicateOf) ?? body.duplicateOf);
  let duplicateOfOpen: boolean | undefined;
  let originalStatus: Status | undefined;
  if (body.to === 'duplicate' && duplicateOf) {
    const original = duplicateOf === report.id ? undefined : await deps.repository.getWithHistory(duplicateOf);
    duplicateOfOpen = original !== undefined && isOpen(original.report.status) && !original.report.confidential;
    originalStatus = original?.report.status;
  }

  const verdict = checkMove({
    from: report.status,
    to: body.to,
    actor,
    report: { unit: report.unit, district: report.district, code: report.id },
    fields: { ...body, ...(duplicateOf && { duplicateOf }), ...(duplicateOfOpen !== undefined && { duplicateOfOpen }) },
    known: { units: jurisdiction.units.map((u) => u.code), agencies: jurisdiction.agencies.map((a) => a.code) },
    now,
    timeZone: jurisdiction.timeZone,
  });
  if (!verdict.ok) {
    throw new MoveRefusedError(verdict.kind, verdict.message, verdict.allowed, verdict.field);
  }

  // The category decides whether work counts as done without an "after" photo.
  const category = jurisdiction.categories.find((c) => c.code === report.category);
  // After a reopening the old photo shows work that did not hold: only one taken since counts.
  const reopenedAt = events.findLast((e) => e.type === 'status' && e.from === 'resolved' && e.to === 'in_progress')?.at;
  const completionPhoto = report.photos?.some((p) => p.kind === 'completion' && (reopenedAt === undefined || p.createdAt > reopenedAt));
  if (body.to === 'resolved' && category?.completionPhotoRequired && !completionPhoto) {
    const message = reopenedAt
      ? {
          id: 'Laporan ini dibuka kembali: unggah foto hasil pekerjaan yang baru (POST /v1/staff/reports/{id}/photos).',
          en: 'This report was reopened: upload a new completion photo (POST /v1/staff/reports/{id}/photos).',
        }
      : {
          id: 'Unggah foto hasil pekerjaan dulu (POST /v1/staff/reports/{id}/photos).',
          en: 'Upload a completion photo first (POST /v1/staff/reports/{id}/photos).',
        };
    throw new InvalidInputError('completion-photo-required', message, [{ field: 'photos', message }]);
  }
  checkEarlyClose(report, body, who, now);

  const moved = movedReport(report, body, duplicateOf, now);
  const { report: next, event } = recordChange(moved, {
    type: 'status',
    actor: { role: who.role, id: who.sub },
    from: report.status,
    to: body.to,
    // the reason for a rejection and transition notes are for the citizen, who reads them by tracking code
    ...((body.note ?? body.reason) && { note: body.reason ?? body.note }),
    visibility: 'public',
    notify: true,
    data: {
      ...(body.unit && { unit: body.unit }),
      ...(body.agency && { agency: body.agency }),
      ...(duplicateOf && { duplicateOf }),
      // the SMS says whether the original is being handled or only received, as it was at this moment
      ...(duplicateOf && originalStatus && { originalStatus }),
      ...(body.reason && body.note && { note: body.note }),
      ...(moved.expectedAt && { expectedAt: moved.expectedAt }),
    },
  }, now.toISOString());
  try {
    await deps.repository.applyChange({
      report: next,
      expectedVersion: report.version,
      events: [event],
      ...(body.to === 'duplicate' && duplicateOf && { follow: { original: duplicateOf, follower: report.id } }),
    });
  } catch (err) {
    if (err instanceof ConcurrentChangeError) {
      // Someone else won the race for this version (or the original closed meanwhile): re-read to tell which.
      const current = await deps.repository.getWithHistory(report.id);
      if (current && current.report.version !== report.version) throw staleVersion(current.report.version);
      if (current && current.report.eventCount !== report.eventCount) throw new HistoryMovedOn();
      throw new ConflictError('duplicate-target-closed', { id: 'Laporan asli sudah tidak terbuka', en: 'The original report is no longer open' });
    }
    throw err;
  }
  return { report: next, events: [...events, event] };
}

/** Closing within the citizen's objection period (closesOnlyByDesk): the desk, with a reason on record. */
function checkEarlyClose(report: Report, body: TransitionRequest, who: StaffIdentity, now: Date): void {
  if (body.to !== 'closed' || !closesOnlyByDesk(report, now)) return;
  if (!isDesk(who.role)) {
    throw new ForbiddenError('close-before-window', {
      id: 'Laporan yang selesai baru dapat ditutup setelah masa sanggah warga berakhir, kecuali oleh meja verifikasi atau admin.',
      en: 'A resolved report can only be closed before the citizen\'s objection period ends by the triage desk or an admin.',
    });
  }
  if (!body.reason?.trim()) {
    const message = {
      id: 'Menutup sebelum masa sanggah warga berakhir perlu alasan.',
      en: 'Closing before the citizen\'s objection period ends needs a reason.',
    };
    throw new InvalidInputError('close-reason-required', message, [{ field: 'reason', message }]);
  }
}

/** The move as one status event records it (version and event count moved on), for callers that write that event themselves. */
export function applyMove<R extends Report>(report: R, body: TransitionRequest, duplicateOf: string | undefined, now: Date): R {
  return advanceReport(movedReport(report, body, duplicateOf, now), 1, now.toISOString());
}

/** The report's state after the move: status, stage deadline, timestamps; recording it is `recordChange`'s. */
export function movedReport<R extends Report>(report: R, body: TransitionRequest, duplicateOf: string | undefined, now: Date): R {
  const at = now.toISOString();
  const to: Status = body.to;
  const next: R = { ...report, status: to };
  // Each stage has its own deadline; a finished stage has none, and escalation starts again per stage.
  const due = stageDueAt(to, report.category, report.priority, now);
  if (due) next.dueAt = due;
  else delete next.dueAt;
  // a new open stage starts its own clock, so escalation starts over; a finished report keeps its level as record
  if (to !== report.status) delete next.overdueSince;
  if (to !== report.status && isOpen(to)) next.escalationLevel = 0;
  delete next.autoCloseAt;
  switch (to) {
    case 'verified':
      next.unit = body.unit;
      next.verifiedAt = at;
      break;
    case 'duplicate':
      next.duplicateOf = duplicateOf;
      break;
    case 'referred':
      next.agency = body.agency;
      break;
    case 'in_progress': {
      const expected = expectedInstant(body.expectedAt);
      if (expected) next.expectedAt = expected;
      if (report.status === 'resolved') delete next.resolvedAt;
      break;
    }
    case 'resolved':
      next.resolvedAt = at;
      next.autoCloseAt = new Date(now.getTime() + jurisdiction.autoCloseDays * DAY).toISOString();
      break;
    case 'closed':
      next.closedAt = at;
      break;
  }
  // a finished report keeps the reporter's contact for the retention period only
  if (isTerminal(to)) next.purgeAt = retentionEnd(now);
  else delete next.purgeAt;
  return next;
}
