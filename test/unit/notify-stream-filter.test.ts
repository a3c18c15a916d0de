/** The one event-source filter of the notifier, and the local matcher for the pattern syntax it uses. */
import { describe, expect, it } from 'vitest';
import type { DynamoDBRecord } from 'aws-lambda';
import { filterCriteria, matchesFilter, NOTIFY_STREAM_FILTER, type FilterPattern } from '../../shared/notify/stream-filter';
import { toEventItem } from '../../shared/adapters/dynamodb/report-items';
import { unmarshallImage, type StreamAttributeValue } from '../../shared/notify/stream-image';

/** A plain item in the JSON form Lambda delivers stream images (just what these tests need). */
function image(item: Record<string, unknown>): Record<string, StreamAttributeValue> {
  const value = (v: unknown): StreamAttributeValue => {
    if (typeof v === 'string') return { S: v };
    if (typeof v === 'number') return { N: String(v) };
    if (typeof v === 'boolean') return { BOOL: v };
    if (v === null) return { NULL: true };
    if (Array.isArray(v)) return { L: v.map(value) };
    return { M: image(v as Record<string, unknown>) };
  };
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined).map(([k, v]) => [k, value(v)]));
}

function streamRecord(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', item: Record<string, unknown>): DynamoDBRecord {
  return {
    eventID: '1',
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ap-southeast-3',
    dynamodb: {
      ApproximateCreationDateTime: 1_795_000_000,
      Keys: image({ pk: item.pk, sk: item.sk }) as never,
      ...(eventName !== 'REMOVE' && { NewImage: image(item) as never }),
      SequenceNumber: '100',
      SizeBytes: 100,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: 'arn:aws:dynamodb:ap-southeast-3:000000000000:table/t/stream/2026-01-01T00:00:00.000',
  };
}

const statusEvent = (notify: boolean) =>
  toEventItem({
    reportId: 'AB12-CD34', seq: 2, type: 'status', at: '2026-11-02T01:00:00.000Z', actor: { role: 'triage' },
    from: 'received', to: 'verified', visibility: 'public', notify, data: { unit: 'bina-marga' },
  });

describe('NOTIFY_STREAM_FILTER', () => {
  it('lets through new history events flagged notify', () => {
    expect(matchesFilter(NOTIFY_STREAM_FILTER, streamRecord('INSERT', statusEvent(true)))).toBe(true);
  });

  it('drops events without notify, modifications and removals of them, and every other kind of item', () => {
    expect(matchesFilter(NOTIFY_STREAM_FILTER, streamRecord('INSERT', statusEvent(false)))).toBe(false);
    expect(matchesFilter(NOTIFY_STREAM_FILTER, streamRecord('MODIFY', statusEvent(true)))).toBe(false);
    expect(matchesFilter(NOTIFY_STREAM_FILTER, streamRecord('REMOVE', statusEvent(true)))).toBe(false);
    const delivery = { pk: 'R#AB12-CD34', sk: 'D#000002#AB12-CD34', entity: 'delivery', status: 'sent', notify: true };
    expect(matchesFilter(NOTIFY_STREAM_FILTER, streamRecord('INSERT', delivery))).toBe(false);
    const counter = { pk: 'SMSCAP#abc', sk: '2026-11-02', count: 1, expiresAt: 1 };
    expect(matchesFilter(NOTIFY_STREAM_FILTER, streamRecord('INSERT', counter))).toBe(false);
    const report = { pk: 'R#AB12-CD34', sk: 'R', entity: 'report', status: 'received' };
    expect(matchesFilter(NOTIFY_STREAM_FILTER, streamRecord('INSERT', report))).toBe(false);
  });

  it('does not mistake a string "true" for the boolean', () => {
    const item = { ...statusEvent(true), notify: 'true' };
    expect(matchesFilter(NOTIFY_STREAM_FILTER, streamRecord('INSERT', item))).toBe(false);
  });

  it('is what the event source mapping gets, as one JSON pattern', () => {
    const criteria = filterCriteria();
    expect(criteria.Filters).toHaveLength(1);
    expect(JSON.parse(criteria.Filters[0]!.Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { entity: { S: ['event', 'inbound'] }, notify: { BOOL: [true] } } },
    });
  });

  it('lets through an inbound message that carries a reply, and not one that does not', () => {
    const inbound = (notify: boolean) => ({ pk: 'SMSIN#abc', sk: 'M', entity: 'inbound', command: 'status', notify });
    expect(matchesFilter(NOTIFY_STREAM_FILTER, streamRecord('INSERT', inbound(true)))).toBe(true);
    expect(matchesFilter(NOTIFY_STREAM_FILTER, streamRecord('INSERT', inbound(false)))).toBe(false);
    expect(matchesFilter(NOTIFY_STREAM_FILTER, streamRecord('MODIFY', inbound(true)))).toBe(false);
  });

  it('round-trips the image the notifier reads', () => {
    const item = statusEvent(true);
    expect(unmarshallImage(streamRecord('INSERT', item).dynamodb!.NewImage as never)).toEqual(item);
  });
});

describe('matchesFilter', () => {
  const event = { a: 'x', n: 5, b: false, z: null, list: ['p', 'q'], nested: { deep: { v: 'w' } } };

  it('matches any of the listed values, exactly and by type', () => {
    expect(matchesFilter({ a: ['y', 'x'] }, event)).toBe(true);
    expect(matchesFilter({ a: ['y'] }, event)).toBe(false);
    expect(matchesFilter({ n: [5] }, event)).toBe(true);
    expect(matchesFilter({ n: ['5'] }, event)).toBe(false);
    expect(matchesFilter({ b: [false] }, event)).toBe(true);
    expect(matchesFilter({ z: [null] }, event)).toBe(true);
  });

  it('matches an array in the event when any element matches', () => {
    expect(matchesFilter({ list: ['q'] }, event)).toBe(true);
    expect(matchesFilter({ list: ['r'] }, event)).toBe(false);
  });

  it('needs every key of the pattern, at every depth', () => {
    expect(matchesFilter({ a: ['x'], nested: { deep: { v: ['w'] } } }, event)).toBe(true);
    expect(matchesFilter({ a: ['x'], nested: { deep: { v: ['other'] } } }, event)).toBe(false);
    expect(matchesFilter({ missing: ['x'] }, event)).toBe(false);
    expect(matchesFilter({ a: { deeper: ['x'] } }, event)).toBe(false);
    expect(matchesFilter({}, event)).toBe(true);
    expect(matchesFilter({ a: ['x'] }, null)).toBe(false);
  });

  it('supports exists and prefix', () => {
    expect(matchesFilter({ a: [{ exists: true }] }, event)).toBe(true);
    expect(matchesFilter({ missing: [{ exists: false }] }, event)).toBe(true);
    expect(matchesFilter({ a: [{ exists: false }] }, event)).toBe(false);
    expect(matchesFilter({ missing: [{ exists: true }] }, event)).toBe(false);
    expect(matchesFilter({ nested: { deep: [{ exists: true }] } }, event)).toBe(false);
    expect(matchesFilter({ a: [{ prefix: 'x' }] }, event)).toBe(true);
    expect(matchesFilter({ list: [{ prefix: 'q' }] }, event)).toBe(true);
    expect(matchesFilter({ n: [{ prefix: '5' }] }, event)).toBe(false);
  });

  it('refuses operators it does not implement rather than misread them', () => {
    expect(() => matchesFilter({ n: [{ numeric: ['>', 1] }] } as unknown as FilterPattern, event)).toThrow(/not supported/);
    expect(() => matchesFilter({ a: [{ 'anything-but': ['y'] }] } as unknown as FilterPattern, event)).toThrow(/not supported/);
    expect(() => matchesFilter({ a: [] }, event)).toThrow(/empty/);
    expect(() => matchesFilter({ a: 'x' } as unknown as FilterPattern, event)).toThrow(/object or an array/);
  });
});
