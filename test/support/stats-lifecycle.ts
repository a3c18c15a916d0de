/**
 * A randomized report lifecycle for the statistics tests, written through the same pieces the functions use: the
 * create-report use case, the status machine's move table with `applyMove` (the officials' state change), the
 * update use case's edit events, the escalation run, and citizen answers, each one transaction of report and
 * history event through the report repository, on a simulated clock.
 */
import fc from 'fast-check';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { DynamoEscalationStore } from '../../shared/adapters/dynamodb/escalation-store';
import { jurisdiction } from '../../shared/config/jurisdiction';
import type { HistoryEvent, Report } from '../../shared/domain/report';
import type { CreateReportRequest } from '../../shared/domain/report-request';
import { MOVES } from '../../shared/domain/status-machine';
import { escalationSettings, runEscalation } from '../../shared/escalation/run-escalation';
import { createReport } from '../../shared/use-cases/create-report';
import { applyMove } from '../../shared/use-cases/staff/transition-report';
import type { TestTables } from './dynamo';

export type Step =
  | { kind: 'create'; district: number; category: number; confidential: boolean }
  | { kind: 'move'; report: number; choice: number }
  | { kind: 'edit'; report: number; field: 'category' | 'unit'; value: number }
  | { kind: 'escalate' }
  | { kind: 'answer'; report: number; confirmed: boolean }
  | { kind: 'wait'; minutes: number };

export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), district: fc.nat(40), category: fc.nat(20), confidential: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('move' as const), report: fc.nat(1000), choice: fc.nat(10) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('edit' as const), report: fc.nat(1000), field: fc.constantFrom('category' as const, 'unit' as const), value: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'escalate' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('answer' as const), report: fc.nat(1000), confirmed: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 60 * 24 * 20 }) }) },
);

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length]!;

export class LifecycleDriver {
  readonly repo: DynamoReportRepository;
  private readonly escalations: DynamoEscalationStore;
  readonly codes: string[] = [];
  clock: Date;

  constructor(private readonly tables: TestTables, start: Date) {
    this.repo = new DynamoReportRepository(tables.doc, tables.main);
    this.escalations = new DynamoEscalationStore(tables.doc, tables.main);
    this.clock = start;
  }

  async run(steps: Step[]): Promise<void> {
    for (const step of steps) await this.step(step);
  }

  private tick(minutes = 7) {
    this.clock = new Date(this.clock.getTime() + minutes * 60_000);
  }

  async step(step: Step): Promise<void> {
    this.tick();
    switch (step.kind) {
      case 'wait':
        this.tick(step.minutes);
        return;
      case 'create': {
        const input = {
          category: pick(jurisdiction.categories, step.category).code,
          district: pick(jurisdiction.districts, step.district).code,
          description: 'Jalan berlubang di depan sekolah',
          reporter: { phone: '+6281270000001', name: 'Siti Planted', showName: false, anonymous: false, language: 'id' },
          confidential: step.confidential,
        } as unknown as CreateReportRequest;
        const report = await createReport(input, { repository: this.repo, now: () => this.clock });
        this.codes.push(report.id);
        return;
      }
      case 'move': {
        const current = await this.load(step.report);
        if (!current) return;
        const moves = MOVES.filter((m) => m.from === current.report.status && m.to !== 'duplicate');
        if (moves.length === 0) return;
        const move = pick(moves, step.choice);
        const body = {
          to: move.to,
          ...(move.required.includes('unit') && { unit: pick(jurisdiction.units, step.choice).code }),
          ...(move.required.includes('reason') && { reason: 'Bukan wewenang' }),
          ...(move.required.includes('agency') && { agency: jurisdiction.agencies[0]!.code }),
          ...(move.required.includes('note') && { note: 'Sudah ditambal' }),
        };
        const next = applyMove(current.report, body, undefined, this.clock);
        const event: HistoryEvent = {
          reportId: next.id,
          seq: current.report.eventCount + 1,
          type: 'status',
          at: this.clock.toISOString(),
          actor: { role: 'triage', id: 'staff-1' },
          from: current.report.status,
          to: move.to,
          visibility: 'public',
          notify: true,
          data: { ...(body.unit && { unit: body.unit }), ...(body.agency && { agency: body.agency }) },
        };
        await this.repo.applyChange({ report: next, expectedVersion: current.report.version, events: [event] });
        return;
      }
      case 'edit': {
        const current = await this.load(step.report);
        if (!current) return;
        const value = step.field === 'category' ? pick(jurisdiction.categories, step.value).code : pick(jurisdiction.units, step.value).code;
        const before = current.report[step.field];
        if (before === value) return;
        const at = this.clock.toISOString();
        const next: Report = { ...current.report, [step.field]: value, updatedAt: at, version: current.report.version + 1, eventCount: current.report.eventCount + 1 };
        const event: HistoryEvent = {
          reportId: next.id,
          seq: next.eventCount,
          type: 'edit',
          at,
          actor: { role: 'triage', id: 'staff-1' },
          visibility: 'internal',
          notify: false,
          data: { field: step.field, ...(before !== undefined && { from: before }), to: value },
        };
        await this.repo.applyChange({ report: next, expectedVersion: current.report.version, events: [event] });
        return;
      }
      case 'answer': {
        const current = await this.load(step.report);
        if (!current || current.report.status !== 'resolved') return;
        const at = this.clock.toISOString();
        const next: Report = { ...current.report, updatedAt: at, version: current.report.version + 1, eventCount: current.report.eventCount + 1 };
        const event: HistoryEvent = {
          reportId: next.id,
          seq: next.eventCount,
          type: 'feedback',
          data: { answer: step.confirmed ? 'confirmed' : 'rejected', channel: 'sms', by: 'reporter' },
          at,
          actor: { role: 'citizen' },
          visibility: 'internal',
          notify: false,
        };
        await this.repo.applyChange({ report: next, expectedVersion: current.report.version, events: [event] });
        return;
      }
      case 'escalate':
        await runEscalation({
          store: this.escalations,
          // digests are not what these tests look at
          publisher: { publish: async () => ({ messageId: 'test' }) },
          settings: escalationSettings(jurisdiction),
          now: this.clock,
          remainingMs: () => 300_000,
        });
        return;
    }
  }

  private async load(n: number) {
    if (this.codes.length === 0) return undefined;
    return this.repo.getWithHistory(pick(this.codes, n));
  }
}
