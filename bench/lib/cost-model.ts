/**
 * What the measured figures mean on AWS: Lambda GB-seconds, DynamoDB request units, API Gateway requests, SMS
 * segments and log volume per 1,000 reports through their whole lifecycle, and the month of a regency at 100
 * reports a day. Every number that is not measured by this run is an ASSUMPTION, named here and printed with the
 * result: change them here, not in prose.
 *
 * Capacity comes from the capacity section's "AWS model" (DynamoDB's documented rules applied to the items the
 * application really writes: 1 KB write units, two per transactional write, a GSI write per index the item is in,
 * two when an index key changes); SMS segments from the real templates (shared/domain/sms) rendered for a real
 * report of the Serang configuration.
 */
import type { CapacityFigure } from '../sections/capacity';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { DEFAULT_COALESCE_MINUTES } from '../../shared/notify/coalescing';

/** Prices in USD. ASSUMED for ap-southeast-3 (Jakarta): see PRICE_NOTES; verify on the AWS pricing pages before quoting. */
export const PRICES = {
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoPerMillionWrite: 0.75,
  dynamoPerMillionRead: 0.15,
  httpApiPerMillion: 1.2,
  /** from the jurisdiction configuration (`smsPricePerSegmentUsd`) */
  smsIndonesiaPerSegment: jurisdiction.smsPricePerSegmentUsd,
  logsIngestionPerGb: 0.6,
} as const;

export const PRICE_NOTES = [
  'Lambda arm64: $0.0000133334 per GB-s and $0.20 per million requests, the published us-east-1 Arm price, used as is for Jakarta (assumption; Jakarta is often a little higher)',
  'DynamoDB on-demand: $0.75 per million write request units and $0.15 per million read request units: us-east-1 list price ($0.625 / $0.125) + 20 % for Jakarta (assumption)',
  'API Gateway HTTP API: $1.20 per million requests: us-east-1 $1.00 + 20 % (assumption)',
  `SNS SMS to Indonesian numbers: $${jurisdiction.smsPricePerSegmentUsd} per segment, smsPricePerSegmentUsd in the jurisdiction file (assumption: SMS prices are per destination country and carrier and change often; this is the number to check first)`,
  'CloudWatch Logs ingestion: $0.60 per GB (assumption); storage for 30 days of retention is negligible at these volumes',
  'Free tiers are ignored',
];

/** How a report lives, and how people use the service around it. ASSUMPTIONS, per report unless said otherwise. */
export const USAGE = {
  /** share of reports that go the whole way (received → verified → in progress → resolved → closed) */
  fullLifecycleShare: 0.85,
  /** the rest end at once: rejected, duplicate or referred */
  earlyExitShare: 0.15,
  /** share of reports that miss a deadline once and are escalated (one rung) */
  escalatedShare: 0.3,
  /** the citizen (or others with the code) open the public tracking page */
  citizenGets: 5,
  /** public list pages (20 items) read by anyone, per report created */
  publicListPages: 10,
  /** staff open the report before each move, and page through their queues */
  staffGets: 6,
  staffListPages: 10,
  /** one photo per report: an upload-URL request and one run of the photo processor */
  photos: 1,
  /** billed duration of a warm API invocation at 512 MB, ms (DynamoDB round trips dominate) */
  warmApiMs: 40,
  /** share of invocations that are cold at ~100 reports a day (containers go idle between requests) */
  coldShare: 0.5,
  /** billed init of a cold start, ms (init is billed since August 2025); the bench's cold-init figures × Lambda's slower start */
  coldInitMs: 400,
  /** the notifier: one invocation per citizen SMS at this traffic, ms */
  notifierMs: 120,
  /** the photo processor: 1,536 MB, ms */
  photoMb: 1536,
  photoMs: 1500,
  /** the escalation run: every 15 minutes whatever the traffic, ms at 512 MB */
  escalationRunsPerDay: 96,
  escalationRunMs: 300,
  /** log bytes per invocation: START/END/REPORT platform lines + Powertools JSON lines */
  logBytesPerInvocation: 1500,
  memoryGb: 0.5,
  /**
   * SMS coalescing (shared/notify/coalescing.ts), window SMS_COALESCE_MINUTES = 20: the SMS of an intermediate change
   * (verified, in progress) waits that long and is superseded when the next change comes within it. Receipt and final
   * outcomes are always sent, so a whole lifecycle costs 5 SMS without coalescing, 3 at best with it.
   * Share of whole-lifecycle reports where work starts within the window after verification (desk and unit act the
   * same morning: the unit is assigned and confirms at once, the case the window is sized for):
   */
  startedWithinWindowOfVerifiedShare: 0.7,
  /**
   * Share of whole-lifecycle reports whose resolution is recorded within the window after work started: quick fixes
   * (a street light, a patched pothole) and officers who record start and finish in one sitting after the visit.
   */
  resolvedWithinWindowOfStartedShare: 0.45,
} as const;

export interface CostModel {
  smsSegments: Record<string, number>;
  /** citizen SMS segments per report on the lifecycle mix, without and with coalescing, and what the second assumes */
  smsPerReport: { withoutCoalescing: number; withCoalescing: number; coalescedPerFullLifecycle: number; assumption: string };
  perThousandReports: {
    invocations: number;
    gbSeconds: number;
    writeUnits: number;
    readUnits: number;
    apiRequests: number;
    smsSegments: number;
    logGb: number;
    usd: { lambda: number; dynamodb: number; apiGateway: number; sms: number; logs: number; total: number };
  };
  fixedPerMonth: { escalationInvocations: number; gbSeconds: number; readUnits: number; usd: number };
  month: { reports: number; usd: { lambda: number; dynamodb: number; apiGateway: number; sms: number; logs: number; total: number } };
  assumptions: { prices: typeof PRICES; priceNotes: string[]; usage: typeof USAGE };
  missing: string[];
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10000) / 10000;

export async function costModel(capacity: CapacityFigure[] | undefined): Promise<CostModel> {
  const missing: string[] = [];
  const wcu = (prefix: string, fallback: number) => {
    const f = capacity?.find((c) => c.operation.startsWith(prefix));
    if (!f) missing.push(`capacity "${prefix}" (assumed ${fallback})`);
    return f ? f.awsModel.write : fallback;
  };
  const rcu = (prefix: string, fallback: number) => {
    const f = capacity?.find((c) => c.operation.startsWith(prefix));
    if (!f) missing.push(`capacity "${prefix}" (assumed ${fallback})`);
    return f ? Math.max(f.lowerBound.read, f.measured.read) : fallback;
  };

  // SMS segments, from the real templates
  const { renderCitizenSms } = await import('../../shared/domain/sms/templates');
  const { smsSegments } = await import('../../shared/domain/sms/segments');
  const { jurisdiction } = await import('../../shared/config/jurisdiction');
  const vars = {
    code: '7KQ4-M9XP',
    trackUrl: `${jurisdiction.publicBaseUrl}/r/7KQ4-M9XP`,
    serviceName: jurisdiction.serviceName,
    categoryName: jurisdiction.categories[0]?.name.id,
    districtName: jurisdiction.districts.find((d) => d.code === 'cikande')?.name.id ?? jurisdiction.districts[0]?.name.id,
    unitName: jurisdiction.units[0]?.name.id,
    agencyName: jurisdiction.agencies[0]?.name.id,
    originalCode: '2B3C-4D5E',
  };
  const segments: Record<string, number> = {};
  for (const kind of ['received', 'verified', 'in_progress', 'resolved', 'closed', 'rejected'] as const) {
    segments[kind] = smsSegments(renderCitizenSms(kind, 'id', vars)).segments;
  }
  const smsFull = segments.received! + segments.verified! + segments.in_progress! + segments.resolved! + segments.closed!;
  const smsEarly = segments.received! + segments.rejected!;

  const U = USAGE;
  // coalescing: the verified SMS is superseded when work starts within the window, the in-progress SMS when the
  // resolution comes within it; receipt and final outcomes always go out
  const coalescedFull = U.startedWithinWindowOfVerifiedShare * segments.verified! + U.resolvedWithinWindowOfStartedShare * segments.in_progress!;
  const segmentsWithout = U.fullLifecycleShare * smsFull + U.earlyExitShare * smsEarly;
  const segmentsWith = U.fullLifecycleShare * (smsFull - coalescedFull) + U.earlyExitShare * smsEarly;
  // every intermediate SMS is held: a transactional write of its record and queue item (2 × 2 units), the queue
  // item's delete, a supersede where one is saved, and the look-up of held SMS on each status change (one Query)
  const heldPerReport = U.fullLifecycleShare * 2;
  const coalescingWrites = heldPerReport * 5 + U.fullLifecycleShare * coalescedFull;
  const coalescingReads = (U.fullLifecycleShare * 4 + U.earlyExitShare) + (heldPerReport - U.fullLifecycleShare * coalescedFull) * 2;
  const perSmsWrites = wcu('sms: claim', 1) + wcu('sms: daily counter', 1) + wcu('sms: finish', 1);
  const perSmsReads = rcu('sms: read report', 1);
  const fullWrites =
    wcu('create report', 28) +
    wcu('transition received → verified', 40) +
    wcu('transition verified → in_progress', 44) +
    wcu('transition in_progress → resolved', 38) +
    wcu('transition resolved → closed', 30);
  const earlyWrites = wcu('create report', 28) + wcu('transition received → rejected', 26);
  const smsPerReport = U.fullLifecycleShare * 5 + U.earlyExitShare * 2;
  const transitionsPerReport = U.fullLifecycleShare * 4 + U.earlyExitShare;
  const writeUnits =
    U.fullLifecycleShare * fullWrites +
    U.earlyExitShare * earlyWrites +
    U.escalatedShare * wcu('escalation of one report', 32) +
    smsPerReport * perSmsWrites +
    coalescingWrites;
  const getRead = rcu('get report (closed', 0.5);
  const listRead = rcu('list page', 12);
  const readUnits =
    (U.citizenGets + U.staffGets + transitionsPerReport) * getRead + (U.publicListPages + U.staffListPages) * listRead + smsPerReport * perSmsReads + coalescingReads;

  const apiRequests = 1 + U.citizenGets + U.publicListPages + U.staffGets + U.staffListPages + transitionsPerReport + U.photos;
  const apiGbS = apiRequests * U.memoryGb * ((U.warmApiMs + U.coldShare * U.coldInitMs) / 1000);
  const notifierGbS = smsPerReport * U.memoryGb * ((U.notifierMs + U.coldShare * U.coldInitMs) / 1000);
  const photoGbS = U.photos * (U.photoMb / 1024) * ((U.photoMs + U.coldShare * U.coldInitMs) / 1000);
  const invocations = apiRequests + smsPerReport + U.photos;
  const smsSegmentsPerReport = segmentsWith;
  const logGb = (invocations * U.logBytesPerInvocation) / 1024 ** 3;

  const k = 1000;
  const usd = {
    lambda: k * ((apiGbS + notifierGbS + photoGbS) * PRICES.lambdaArmPerGbSecond + (invocations / 1e6) * PRICES.lambdaPerMillionRequests),
    dynamodb: k * ((writeUnits / 1e6) * PRICES.dynamoPerMillionWrite + (readUnits / 1e6) * PRICES.dynamoPerMillionRead),
    apiGateway: k * (apiRequests / 1e6) * PRICES.httpApiPerMillion,
    sms: k * smsSegmentsPerReport * PRICES.smsIndonesiaPerSegment,
    logs: k * logGb * PRICES.logsIngestionPerGb,
    total: 0,
  };
  usd.total = usd.lambda + usd.dynamodb + usd.apiGateway + usd.sms + usd.logs;

  const days = 30.4;
  const escalationInvocations = U.escalationRunsPerDay * days;
  const fixedGbS = escalationInvocations * U.memoryGb * ((U.escalationRunMs + U.coldShare * U.coldInitMs) / 1000);
  // an empty run still reads 8 index partitions (DL#0..3, AC#0..3) at 0.5 RRU each
  const fixedReads = escalationInvocations * 8 * 0.5;
  const fixedUsd =
    fixedGbS * PRICES.lambdaArmPerGbSecond +
    (escalationInvocations / 1e6) * PRICES.lambdaPerMillionRequests +
    (fixedReads / 1e6) * PRICES.dynamoPerMillionRead +
    ((escalationInvocations * U.logBytesPerInvocation) / 1024 ** 3) * PRICES.logsIngestionPerGb;

  const reports = Math.round(100 * days);
  const scale = reports / 1000;
  const month = {
    lambda: usd.lambda * scale + fixedGbS * PRICES.lambdaArmPerGbSecond + (escalationInvocations / 1e6) * PRICES.lambdaPerMillionRequests,
    dynamodb: usd.dynamodb * scale + (fixedReads / 1e6) * PRICES.dynamoPerMillionRead,
    apiGateway: usd.apiGateway * scale,
    sms: usd.sms * scale,
    logs: usd.logs * scale + ((escalationInvocations * U.logBytesPerInvocation) / 1024 ** 3) * PRICES.logsIngestionPerGb,
    total: 0,
  };
  month.total = month.lambda + month.dynamodb + month.apiGateway + month.sms + month.logs;

  const round = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([a, b]) => [a, r2(b)])) as typeof usd;
  return {
    smsSegments: segments,
    smsPerReport: {
      withoutCoalescing: r2(segmentsWithout),
      withCoalescing: r2(segmentsWith),
      coalescedPerFullLifecycle: r2(coalescedFull),
      assumption:
        `window ${DEFAULT_COALESCE_MINUTES} min; of whole-lifecycle reports (${U.fullLifecycleShare * 100} %), ` +
        `${U.startedWithinWindowOfVerifiedShare * 100} % start work within the window after verification and ` +
        `${U.resolvedWithinWindowOfStartedShare * 100} % record the resolution within the window after work started; ` +
        'receipt and final outcomes always sent. The verified/started pair alone can save at most 1 SMS per lifecycle (3.70 a report at 100 %)',
    },
    perThousandReports: {
      invocations: Math.round(k * invocations),
      gbSeconds: Math.round(k * (apiGbS + notifierGbS + photoGbS)),
      writeUnits: Math.round(k * writeUnits),
      readUnits: Math.round(k * readUnits),
      apiRequests: Math.round(k * apiRequests),
      smsSegments: Math.round(k * smsSegmentsPerReport),
      logGb: r4(k * logGb),
      usd: round(usd),
    },
    fixedPerMonth: { escalationInvocations: Math.round(escalationInvocations), gbSeconds: Math.round(fixedGbS), readUnits: Math.round(fixedReads), usd: r2(fixedUsd) },
    month: { reports, usd: round(month) },
    assumptions: { prices: PRICES, priceNotes: PRICE_NOTES, usage: USAGE },
    missing,
  };
}
