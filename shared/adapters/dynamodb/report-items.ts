/**
 * How a report and its history events are laid out in the single table (see shared/table/access-patterns.md).
 * The index attributes are derived from the report every time it is written, so they can never disagree
 * with its status, unit or deadline.
 */
import { createHash } from 'node:crypto';
import { jurisdiction } from '../../config/jurisdiction';
import type { HistoryEvent, Report } from '../../domain/report';
import { geohash } from '../../domain/geohash';
import { phoneKey } from '../../domain/phone';
import { holdsContact } from '../../domain/contact';
import { followerSortKey } from './follower-rank';

/** Write shards for the keys that every report shares (public feed, status): no single hot partition. */
export const SHARDS = 4;
export const shardOf = (id: string) => (createHash('md5').update(id).digest()[0] ?? 0) % SHARDS;
export const shardKeys = (prefix: string) => Array.from({ length: SHARDS }, (_, i) => `${prefix}#${i}`);

export const reportPk = (id: string) => `R#${id}`;
export const REPORT_SK = 'R';
export const eventSk = (seq: number) => `E#${String(seq).padStart(6, '0')}`;

const OPEN = new Set(['received', 'verified', 'in_progress']);

export const keys = {
  public: (shard: number) => `PUB#${shard}`,
  /** spread over one partition per category: the category list is a Query on these too (no index of its own) */
  status: (status: string, category: string) => `S#${status}#${category}`,
  districtStatus: (district: string, status: string) => `D#${district}#S#${status}`,
  unitStatus: (unit: string, status: string) => `U#${unit}#S#${status}`,
  /** open reports by stage deadline: the escalation run reads these */
  deadline: (shard: number) => `DL#${shard}`,
  /** resolved reports by auto-close time, in the same sparse index */
  autoClose: (shard: number) => `AC#${shard}`,
  /** finished reports whose reporter contact is due for removal (data retention), in the same sparse index */
  purge: (shard: number) => `PG#${shard}`,
  reporter: async (phone: string) => `P#${await phoneKey(phone)}`,
  /** public status changes and notes by time (Open311 service request updates), beside the public feed */
  updates: (shard: number) => `UPD#${shard}`,
  near: (lat: number, lon: number, category: string) => `G#${geohash(lat, lon)}#${category}`,
};

/** The status partitions of a status, one per category of the jurisdiction. */
export const statusPartitions = (status: string) => jurisdiction.categories.map((c) => keys.status(status, c.code));

function deadlineAttributes(report: Report, shard: number, open: boolean) {
  if (open && report.dueAt) return { deadlineKey: keys.deadline(shard), deadlineAt: report.dueAt };
  if (report.status === 'resolved' && report.autoCloseAt) return { deadlineKey: keys.autoClose(shard), deadlineAt: report.autoCloseAt };
  if (report.purgeAt && holdsContact(report.reporter)) return { deadlineKey: keys.purge(shard), deadlineAt: report.purgeAt };
  return {};
}

/**
 * Where an open report sorts in the staff queues and whether the overdue filter finds it: its deadline, or, once
 * escalation has moved the deadline to the next rung, the deadline it first missed. So "overdue" in a queue row
 * (staff-view.ts: isOverdue) and `?overdue=true` (this key below now) are one rule, and the latest come first.
 */
function urgencyAt(report: Report): string {
  return report.overdueSince !== undefined && report.dueAt !== undefined && report.overdueSince < report.dueAt ? report.overdueSince : report.dueAt!;
}

/** The stored report: `description` is left out when it equals `publicDescription` (fromReportItem restores it). */
export type ReportItem = Omit<Report, 'description'> & { description?: string } & Record<string, unknown> & { pk: string; sk: string; entity: 'report' };

/**
 * The report item holds no number, name or e-mail (they live in the contact item, contact-items.ts): only
 * `contactHeld`, so the staff views, the retention purge and the notifier know there is a contact to read.
 */
export function toReportItem(report: Report): ReportItem {
  const shard = shardOf(report.id);
  const open = OPEN.has(report.status);
  const { phone: _phone, name: _name, email: _email, contactHeld: _held, ...reporter } = report.reporter;
  // most descriptions have nothing to mask: the published text then stands for both, and the item stays under 1 KB
  const { description, ...rest } = report;
  return {
    ...rest,
    ...(description !== report.publicDescription && { description }),
    reporter,
    ...(holdsContact(report.reporter) && { contactHeld: true }),
    pk: reportPk(report.id),
    sk: REPORT_SK,
    entity: 'report',
    createdKey: `${report.createdAt}#${report.id}`,
    // equal deadlines (all set at the next working start) sort oldest report first
    dueKey: open && report.dueAt ? `${urgencyAt(report)}#${report.createdAt}#${report.id}` : undefined,
    gsi1pk: report.confidential ? undefined : keys.public(shard),
    statusKey: keys.status(report.status, report.category),
    districtStatusKey: keys.districtStatus(report.district, report.status),
    unitStatusKey: report.unit ? keys.unitStatus(report.unit, report.status) : undefined,
    // sparse: only open reports with a deadline (they can escalate) and resolved ones waiting to auto-close
    ...deadlineAttributes(report, shard, open),
    geoKey: report.location ? keys.near(report.location.lat, report.location.lon, report.category) : undefined,
    // sparse: only reports someone follows by phone, ranked by how many (triage's "most followed")
    followerKey: report.followerCount ? followerSortKey(report.followerCount, report) : undefined,
  };
}

// the last three (and the contact attributes) are what items written before contact moved out still carry
const INDEX_ATTRIBUTES = [
  'pk', 'sk', 'entity', 'createdKey', 'dueKey', 'gsi1pk', 'statusKey', 'districtStatusKey', 'unitStatusKey', 'deadlineKey',
  'deadlineAt', 'geoKey', 'expiresAt', 'followerKey', 'contactHeld', 'districtKey', 'categoryKey', 'reporterKey', 'maxAgeKey', 'maxAgeAt',
];

export function fromReportItem(item: Record<string, unknown>): Report {
  const report = { ...item };
  for (const a of INDEX_ATTRIBUTES) delete report[a];
  const reporter = { ...(item.reporter as Report['reporter']) };
  if (item.contactHeld === true) reporter.contactHeld = true;
  const row = report as unknown as Report;
  return { ...row, ...(row.description === undefined && row.publicDescription !== undefined && { description: row.publicDescription }), reporter };
}

/**
 * A list row read from an index: only the attributes the index projects (shared/table/definition.ts). The code
 * comes from the table key, the creation time from the sort key (every one ends in `<createdAt>#<code>`). Good for
 * the list views; anything that needs the whole report reads it by key.
 */
export function fromIndexItem(item: Record<string, unknown>): Report {
  const sortKey = [item.createdKey, item.dueKey, item.followerKey].find((k): k is string => typeof k === 'string') ?? '';
  const parts = sortKey.split('#');
  const row = fromReportItem(item);
  return { ...row, id: String(item.pk).slice(reportPk('').length), createdAt: parts.at(-2) ?? '' };
}

/** Staff-written public status changes and notes feed the updates list; what a citizen wrote stays out. */
const inUpdateFeed = (e: HistoryEvent) => e.visibility === 'public' && (e.type === 'status' || e.type === 'note') && e.actor.role !== 'citizen';

export function toEventItem(event: HistoryEvent): Record<string, unknown> {
  return {
    ...event,
    pk: reportPk(event.reportId),
    sk: eventSk(event.seq),
    entity: 'event',
    // in the public feed index under partitions of their own (UPD#n), sorted by time like reports
    ...(inUpdateFeed(event) && { gsi1pk: keys.updates(shardOf(event.reportId)), createdKey: `${event.at}#${event.reportId}#${eventSk(event.seq)}` }),
  };
}

export function fromEventItem(item: Record<string, unknown>): HistoryEvent {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g, createdKey: _c, ...event } = item;
  return event as unknown as HistoryEvent;
}
