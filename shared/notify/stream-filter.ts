/**
 * Which table-stream records reach the notifier: the one definition of the event-source filter.
 *
 * CDK wires it as `FilterCriteria.filter(NOTIFY_STREAM_FILTER)` on the event source mapping, and the local stream
 * poller applies it with `matchesFilter` below, so a record that would not reach the Lambda in AWS does not reach the
 * handler locally either. Only history events flagged as outbox entries pass: new items (INSERT) with
 * `entity = event` and `notify = true`. Delivery records, SMS cap counters, report items and every MODIFY/REMOVE
 * are dropped before an invocation is paid for.
 *
 * `matchesFilter` implements the part of the Lambda event-filtering pattern syntax this project uses (exact values,
 * `exists`, `prefix`) and refuses any other operator, so a pattern that CDK would accept but the local runner would
 * silently misread cannot creep in.
 */

/** A Lambda event-filter pattern: nested objects whose leaves are arrays of allowed values or operators. */
export type FilterPattern = { readonly [key: string]: FilterPattern | readonly FilterValue[] };
export type FilterValue = string | number | boolean | null | FilterOperator;
export type FilterOperator = { readonly exists: boolean } | { readonly prefix: string };

export const NOTIFY_STREAM_FILTER = {
  eventName: ['INSERT'],
  dynamodb: {
    NewImage: {
      // history events, and inbound messages that carry a reply (shared/adapters/dynamodb/inbound-store.ts)
      entity: { S: ['event', 'inbound'] },
      notify: { BOOL: [true] },
    },
  },
} as const satisfies FilterPattern;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when `event` matches `pattern` (Lambda/EventBridge semantics for the supported subset). */
export function matchesFilter(pattern: FilterPattern, event: unknown): boolean {
  if (!isObject(event)) return false;
  for (const [key, rule] of Object.entries(pattern)) {
    const present = Object.prototype.hasOwnProperty.call(event, key);
    const value = present ? event[key] : undefined;
    if (Array.isArray(rule)) {
      if (!matchesLeaf(rule as readonly FilterValue[], present, value)) return false;
    } else if (isObject(rule)) {
      if (!present || !matchesFilter(rule as FilterPattern, value)) return false;
    } else {
      throw new TypeError(`Filter pattern key "${key}" must be an object or an array of values`);
    }
  }
  return true;
}

function matchesLeaf(rules: readonly FilterValue[], present: boolean, value: unknown): boolean {
  if (rules.length === 0) throw new TypeError('A filter pattern array must not be empty');
  // an array in the event matches when any of its elements does
  const candidates: unknown[] = Array.isArray(value) ? value : [value];
  return rules.some((rule) => {
    if (isObject(rule)) return matchesOperator(rule, present, candidates);
    if (!present) return false;
    return candidates.some((c) => c === rule);
  });
}

function matchesOperator(rule: Record<string, unknown>, present: boolean, candidates: unknown[]): boolean {
  const keys = Object.keys(rule);
  if (keys.length !== 1) throw new TypeError(`Unsupported filter operator ${JSON.stringify(rule)}`);
  const [op] = keys as [string];
  const arg = rule[op];
  switch (op) {
    case 'exists':
      if (typeof arg !== 'boolean') throw new TypeError('"exists" takes true or false');
      // EventBridge semantics: exists matches leaf values only, so an object value does not "exist"
      return arg === (present && candidates.some((c) => !isObject(c)));
    case 'prefix':
      if (typeof arg !== 'string') throw new TypeError('"prefix" takes a string');
      return present && candidates.some((c) => typeof c === 'string' && c.startsWith(arg));
    default:
      throw new TypeError(`Filter operator "${op}" is not supported by the local matcher`);
  }
}

/** The FilterCriteria of an event source mapping, as CloudFormation and the Lambda API spell it. */
export function filterCriteria(pattern: FilterPattern = NOTIFY_STREAM_FILTER): { Filters: { Pattern: string }[] } {
  return { Filters: [{ Pattern: JSON.stringify(pattern) }] };
}
