/** Who gets the SMS of a change: the number that began to follow after it does not (the stream may be late). */
import { describe, expect, it } from 'vitest';
import { recipientsOf, type RecipientLookup } from '../../shared/notify/recipients';
import type { ReportForNotification } from '../../shared/adapters/dynamodb/delivery-store';

const report = { id: '7KQ4-M9XP', reporter: { phone: '+6281200000001', language: 'id', anonymous: false } } as unknown as ReportForNotification['report'];
const lookup: RecipientLookup = {
  getReport: async () => undefined,
  listPhoneFollowers: async () => [
    { phone: '+6285700000001', language: 'id', createdAt: '2026-12-01T03:00:00.000Z' },
    { phone: '+6285700000002', language: 'en', createdAt: '2026-12-01T05:00:00.000Z' },
  ],
};
const log = { warn: () => undefined };

describe('recipients of a status change', () => {
  it('are the reporter and the numbers that followed before the change, not those that followed after it', async () => {
    const event = { type: 'status' as const, seq: 2, reportId: report.id, at: '2026-12-01T04:00:00.000Z' };
    const found = { report, followers: [] } as unknown as ReportForNotification;
    const phones = (await recipientsOf(lookup, event, found, log)).map((r) => r.phone);
    expect(phones).toEqual(['+6281200000001', '+6285700000001']);
  });
});
