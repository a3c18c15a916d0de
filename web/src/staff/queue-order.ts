/**
 * Queue order: overdue reports first, then as the API sorted them (due time, soonest first, for open reports).
 * The API's due-time order already puts most late reports first, but an escalated report's deadline moves on to
 * the next rung while it stays late: without this it would sink below reports that are merely due soon.
 */
export interface QueueRow {
  id: string;
  overdue: boolean;
}

export function overdueFirst<T extends QueueRow>(rows: readonly T[]): T[] {
  return [...rows.filter((r) => r.overdue), ...rows.filter((r) => !r.overdue)];
}

/** Rows of a further page appended, without the ones already shown (a report can move between pages). */
export function appendPage<T extends QueueRow>(shown: readonly T[], next: readonly T[]): T[] {
  const seen = new Set(shown.map((r) => r.id));
  return overdueFirst([...shown, ...next.filter((r) => !seen.has(r.id))]);
}
