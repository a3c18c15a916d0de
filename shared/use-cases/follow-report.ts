/**
 * A citizen follows a report instead of filing it again: the number then gets the SMS of every later status change
 * (the notifier reads the followers), under the same daily SMS cap and opt-out as a reporter. Following counts
 * against the same creation quotas as a report, so it opens no cheaper way to make the service text a number.
 */
import * as z from 'zod/mini';
import type { FollowOutcome } from '../adapters/dynamodb/follower-store';
import type { PhoneFollower } from '../adapters/dynamodb/follower-items';
import { followerCountOf } from '../adapters/dynamodb/follower-rank';
import { languageSchema } from '../config/language-schema';
import { mobileNumberSchema } from '../domain/mobile-schema';
import type { Report } from '../domain/report';
import { retryOnConflict, WriteConflict } from '../domain/retry-on-conflict';
import { meta } from '../domain/schema-meta';
import { OPEN_STATUSES } from '../domain/status-machine';
import { parseTrackingCode } from '../domain/tracking-code';
import { ConflictError, reportNotFound, serviceBusy } from '../domain/errors';

export const followRequestSchema = meta(
  z.strictObject({
    phone: meta(
      mobileNumberSchema,
      { description: 'Mobile number to text on every later status change; never shown anywhere', example: '0810-0000-0456' },
    ),
    language: meta(z._default(languageSchema, 'id'), { description: 'Language of the SMS updates' }),
  }),
  { id: 'FollowRequest' },
);
export type FollowRequest = z.infer<typeof followRequestSchema>;


export interface FollowDeps {
  store: { getReport(id: string): Promise<Report | undefined>; follow(report: Report, follower: PhoneFollower): Promise<FollowOutcome> };
  now: () => Date;
  consumeQuotas?: (phone: string, now: Date) => Promise<void>;
}

const ATTEMPTS = 3;
const isOpen = (r: Report) => (OPEN_STATUSES as readonly string[]).includes(r.status);

export const reportNotFollowable = () =>
  new ConflictError('report-not-open', {
    id: 'Laporan ini sudah selesai atau ditutup, jadi tidak dapat diikuti. Buat laporan baru bila masalahnya masih ada.',
    en: 'This report is finished or closed and cannot be followed. File a new report if the problem is still there.',
  });

export async function followReport(rawId: string | undefined, input: FollowRequest, deps: FollowDeps) {
  const id = parseTrackingCode(rawId ?? '');
  if (!id) throw reportNotFound();
  const now = deps.now();
  return retryOnConflict(
    async (attempt) => {
      const report = await deps.store.getReport(id);
      // a confidential report does not exist as far as the public can tell
      if (!report || report.confidential) throw reportNotFound();
      if (!isOpen(report)) throw reportNotFollowable();
      if (attempt === 1) await deps.consumeQuotas?.(input.phone, now);
      const outcome = await deps.store.follow(report, { phone: input.phone, language: input.language, createdAt: now.toISOString() });
      if (outcome === 'added') return { created: true, reportId: id, followerCount: followerCountOf({ ...report, followerCount: (report.followerCount ?? 0) + 1 }) };
      if (outcome === 'already-following') return { created: false, reportId: id, followerCount: followerCountOf(report) };
      throw new WriteConflict(`report ${id} changed while following it`);
    },
    {
      attempts: ATTEMPTS,
      // the report kept changing under us: rare enough to ask the client to try again
      exhausted: serviceBusy,
    },
  );
}
