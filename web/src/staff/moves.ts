/**
 * The moves the console offers, one button each, named for what it does. The server decides which moves this
 * official may make on this report (`allowedMoves` in the staff view); this table only says, for each move,
 * what the button is called and which fields its form asks for, mirroring the status machine's required and
 * optional fields (a unit test holds the two together).
 */
export const STATUSES = ['received', 'verified', 'rejected', 'duplicate', 'referred', 'in_progress', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly Status[] = ['received', 'verified', 'in_progress'];

export type MoveField = 'unit' | 'reason' | 'duplicateOf' | 'agency' | 'note' | 'expectedAt';

/** Message keys of the buttons (web/src/i18n/staff.ts). */
export type MoveLabel =
  | 'move.verify'
  | 'move.start'
  | 'move.resolve'
  | 'move.close'
  | 'move.reject'
  | 'move.duplicate'
  | 'move.refer'
  | 'move.reopen';

export interface MoveUi {
  to: Status;
  label: MoveLabel;
  required: readonly MoveField[];
  optional: readonly MoveField[];
  /** the category may ask for a completion photo before the work counts as done */
  mayNeedCompletionPhoto?: boolean;
}

const TO: Record<Exclude<Status, 'received' | 'in_progress'>, Omit<MoveUi, 'to'> & { from: readonly Status[] }> = {
  verified: { from: ['received'], label: 'move.verify', required: ['unit'], optional: ['note'] },
  rejected: { from: ['received', 'verified'], label: 'move.reject', required: ['reason'], optional: ['note'] },
  duplicate: { from: ['received', 'verified'], label: 'move.duplicate', required: ['duplicateOf'], optional: ['note'] },
  referred: { from: ['received', 'verified', 'in_progress'], label: 'move.refer', required: ['agency'], optional: ['note'] },
  resolved: { from: ['in_progress'], label: 'move.resolve', required: ['note'], optional: [], mayNeedCompletionPhoto: true },
  // before the citizen's objection period ends, closing needs a reason (the server says when)
  closed: { from: ['resolved'], label: 'move.close', required: [], optional: ['reason', 'note'] },
};

/** The form for a move from `from` to `to`; undefined when the console knows no such move. */
export function moveUi(from: Status, to: Status): MoveUi | undefined {
  if (to === 'in_progress') {
    if (from === 'verified') return { to, label: 'move.start', required: [], optional: ['note', 'expectedAt'] };
    // reopening says why: the citizen called, the patch washed out
    if (from === 'resolved') return { to, label: 'move.reopen', required: ['note'], optional: ['expectedAt'] };
    return undefined;
  }
  if (to === 'received') return undefined;
  const { from: sources, ...ui } = TO[to];
  return sources.includes(from) ? { to, ...ui } : undefined;
}

/** The buttons for a report, in the order the server lists its allowed moves. */
export function movesFor(from: Status, allowed: readonly string[]): MoveUi[] {
  return allowed.flatMap((to) => {
    const ui = (STATUSES as readonly string[]).includes(to) ? moveUi(from, to as Status) : undefined;
    return ui ? [ui] : [];
  });
}

/** The body of POST …/transitions from a form: blank fields are left out, as the server reads blanks as absent. */
export function transitionBody(move: MoveUi, values: Partial<Record<MoveField, string>>): Record<string, string> {
  const body: Record<string, string> = { to: move.to };
  for (const field of [...move.required, ...move.optional]) {
    const value = values[field]?.trim();
    if (value) body[field] = value;
  }
  return body;
}

/** Which required fields are still empty (checked before sending, so the official sees it next to the field). */
export function missingFields(move: MoveUi, values: Partial<Record<MoveField, string>>): MoveField[] {
  return move.required.filter((field) => !values[field]?.trim());
}
