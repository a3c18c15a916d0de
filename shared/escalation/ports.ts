/**
 * What the escalation run needs from the outside world, as interfaces: the adapters (DynamoDB, SNS) implement
 * them, and tests implement them in memory.
 */
import type { HistoryEvent, Report } from '../domain/report';
import type { DigestMessage } from './digest';
import type { UnitNotice } from '../adapters/dynamodb/unit-notice-items';

/** overdue: open reports by stage deadline; auto-close: resolved reports by auto-close time;
 * retention: finished reports whose reporter contact is due for removal;
 * max-age: open reports still holding contact data past the maximum age */
export type DeadlineKind = 'overdue' | 'auto-close' | 'retention' | 'max-age';

/** An opaque position in an index partition, from one page to the next. */
export type StartKey = Record<string, unknown>;

export interface DuePage {
  reports: Report[];
  /** where the next page starts; absent when the partition has nothing more up to `now` */
  next?: StartKey;
}

/** The new state of a report and its event, written only if the report is still as it was read. */
export interface GuardedWrite {
  report: Report;
  event: HistoryEvent;
  read: { version: number; status: Report['status']; escalationLevel?: number; dueAt?: string; autoCloseAt?: string; purgeAt?: string };
  /** the retention purge: the reporter's contact item (and a publicly shown name) are deleted with the change */
  dropContact?: boolean;
}

/** conflict: the report changed since it was read (another run, an official); nothing was written */
export type WriteOutcome = 'written' | 'conflict';

export interface EscalationStore {
  /** the index partitions (write shards) that hold items of this kind */
  partitions(kind: DeadlineKind): string[];
  /** one page of a partition's items due at or before `now` (ISO 8601), earliest first */
  queryDue(partition: string, now: string, limit: number, start?: StartKey): Promise<DuePage>;
  write(change: GuardedWrite): Promise<WriteOutcome>;
  /** reports citizens reopened since the last digest, oldest first (absent: the store keeps no notices) */
  pendingNotices?(limit: number): Promise<UnitNotice[]>;
  /** a notice whose digest went out */
  clearNotice?(notice: UnitNotice): Promise<void>;
}

export interface DigestPublisher {
  publish(message: DigestMessage): Promise<{ messageId: string }>;
}
