/** The exactly-once check the fault tests and `npm run load` rely on: it must catch a duplicate, a loss and a stray. */
import { describe, expect, it } from 'vitest';
import { exactlyOnceProblems, type LedgerMessage, type LedgerReport } from '../support/sms-ledger';

const report = (id: string, phone: string, seqs: number[]): LedgerReport => ({
  id,
  phone,
  history: seqs.map((seq) => ({ seq, type: seq === 1 ? 'created' : 'status', notify: true })),
  smsDeliveries: seqs.map((seq) => ({ eventSeq: seq, recipient: id, kind: 'x', status: 'sent', messageId: `${id}-${seq}` })),
});
const sms = (r: LedgerReport, seq: number): LedgerMessage => ({ phoneNumber: r.phone, message: `Laporan ${r.id} ...`, messageId: `${r.id}-${seq}` });

const a = report('AAAA-2222', '+6281111111111', [1, 2]);
const b = report('BBBB-3333', '+6281111111111', [1]);
const c = report('CCCC-4444', '+6282222222222', [1, 2, 3]);
const all = [sms(a, 1), sms(a, 2), sms(b, 1), sms(c, 1), sms(c, 2), sms(c, 3)];

describe('exactlyOnceProblems', () => {
  it('is quiet when every notifying event reached its number once, several reports per number included', () => {
    expect(exactlyOnceProblems([a, b, c], all)).toEqual([]);
  });

  it('catches a duplicate, a lost SMS, an unaccounted one and a delivery not sent', () => {
    expect(exactlyOnceProblems([a, b, c], [...all, sms(c, 2)]).join('\n')).toMatch(/recorded 2 times/);
    expect(exactlyOnceProblems([a, b, c], all.slice(1)).join('\n')).toMatch(/never reached the outbox/);
    expect(exactlyOnceProblems([a, b, c], [...all, { phoneNumber: c.phone, message: 'x', messageId: 'zz' }]).join('\n')).toMatch(/no delivery record/);
    const pending = { ...c, smsDeliveries: c.smsDeliveries.map((d) => (d.eventSeq === 3 ? { ...d, status: 'pending', messageId: undefined } : d)) };
    expect(exactlyOnceProblems([a, b, pending], all.slice(0, 5)).join('\n')).toMatch(/CCCC-4444#3: delivery pending/);
    const twice = { ...a, smsDeliveries: [...a.smsDeliveries, { eventSeq: 2, recipient: a.id, status: 'sent', messageId: 'other' }] };
    expect(exactlyOnceProblems([twice, b, c], all).join('\n')).toMatch(/AAAA-2222#2: 2 delivery records/);
  });
});
