/** The local schedule: EventBridge's event shape, one run at a time, a Lambda-like time budget; the stack address book. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Context, ScheduledEvent } from 'aws-lambda';
import {
  DEFAULT_LOCAL_ESCALATION_INTERVAL_MS,
  escalationIntervalMs,
  readStackInfo,
  scheduledEvent,
  startScheduler,
  writeStackInfo,
  type LocalStackInfo,
} from '../../local/scheduler';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startScheduler', () => {
  it('calls the handler with a scheduled event and a context that counts down from the timeout', async () => {
    const calls: Array<{ event: ScheduledEvent; remaining: number }> = [];
    const scheduler = startScheduler({
      intervalMs: 60_000,
      timeoutMs: 30_000,
      log: () => undefined,
      run: async (event: ScheduledEvent, context: Context) => {
        calls.push({ event, remaining: context.getRemainingTimeInMillis() });
        return { escalated: 0 };
      },
    });
    expect(await scheduler.runNow()).toEqual({ escalated: 0 });
    await scheduler.stop();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.event).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
    expect(calls[0]!.event.resources[0]).toMatch(/:rule\/escalate$/);
    expect(calls[0]!.event.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(calls[0]!.remaining).toBeGreaterThan(29_000);
    expect(calls[0]!.remaining).toBeLessThanOrEqual(30_000);
  });

  it('runs every interval, never two at once, and keeps going after a failing run', async () => {
    let active = 0;
    let overlap = false;
    let runs = 0;
    const lines: string[] = [];
    const scheduler = startScheduler({
      intervalMs: 10,
      log: (line) => lines.push(line),
      run: async () => {
        runs += 1;
        active += 1;
        if (active > 1) overlap = true;
        await sleep(15);
        active -= 1;
        if (runs === 2) throw new Error('DynamoDB Local went away');
        return { escalated: runs };
      },
    });
    // a manual run while the timer is going waits its turn
    await sleep(12);
    await scheduler.runNow();
    await sleep(80);
    await scheduler.stop();
    const after = runs;
    await sleep(40);
    expect(runs).toBe(after);
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(overlap).toBe(false);
    expect(lines.some((l) => l.includes('failed: DynamoDB Local went away'))).toBe(true);
    expect(lines.some((l) => l.includes('"escalated":'))).toBe(true);
  });

  it('can run once at start', async () => {
    let runs = 0;
    const scheduler = startScheduler({ intervalMs: 60_000, runAtStart: true, log: () => undefined, run: async () => (runs += 1) });
    await sleep(20);
    await scheduler.stop();
    expect(runs).toBe(1);
  });
});

describe('settings', () => {
  it('takes the local interval from ESCALATION_INTERVAL_MS, one minute by default', () => {
    expect(escalationIntervalMs({})).toBe(DEFAULT_LOCAL_ESCALATION_INTERVAL_MS);
    expect(DEFAULT_LOCAL_ESCALATION_INTERVAL_MS).toBe(60_000);
    expect(escalationIntervalMs({ ESCALATION_INTERVAL_MS: '5000' })).toBe(5_000);
    expect(() => escalationIntervalMs({ ESCALATION_INTERVAL_MS: '10' })).toThrow(/ESCALATION_INTERVAL_MS/);
    expect(() => escalationIntervalMs({ ESCALATION_INTERVAL_MS: 'often' })).toThrow(/ESCALATION_INTERVAL_MS/);
  });

  it('builds the event for a given time', () => {
    expect(scheduledEvent('r', new Date('2026-11-30T03:15:00.123Z')).time).toBe('2026-11-30T03:15:00Z');
  });

  it('writes and reads the local stack address book', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stack-'));
    const info: LocalStackInfo = {
      api: 'http://127.0.0.1:3000',
      region: 'ap-southeast-3',
      dynamoEndpoint: 'http://127.0.0.1:8000',
      snsEndpoint: 'http://127.0.0.1:3000/local/sns',
      s3Endpoint: 'http://127.0.0.1:4569',
      tables: { main: 'si-centang-reports', idempotency: 'si-centang-idempotency' },
      bucket: 'si-centang-photos',
      escalationTopicArn: 'arn:aws:sns:ap-southeast-3:000000000000:si-centang-escalations',
      pid: process.pid,
      startedAt: new Date().toISOString(),
    };
    const file = writeStackInfo(dir, info);
    expect(file).toBe(join(dir, 'stack.json'));
    expect(readStackInfo(file)).toEqual(info);
    expect(readStackInfo(join(dir, 'missing.json'))).toBeUndefined();
  });
});

describe('manual only', () => {
  it('runs nothing by itself with intervalMs false, and still runs on demand', async () => {
    let runs = 0;
    const scheduler = startScheduler({ intervalMs: false, log: () => undefined, run: async () => (runs += 1) });
    await sleep(30);
    expect(runs).toBe(0);
    await scheduler.runNow();
    expect(runs).toBe(1);
    await scheduler.stop();
  });
});
