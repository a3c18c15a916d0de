/**
 * Which history events are a citizen's answer to a resolution (the SMS answer-back): the one place that names them,
 * so a new answer type is one line here. Such events are counted by the aggregator into `citizenConfirmed` /
 * `citizenRejected`, and their shares are taken of the resolutions.
 */
export type CitizenAnswer = 'confirmed' | 'rejected';

/** The SMS answer-back writes a `feedback` event whose `data.answer` is the citizen's answer. */
const ANSWER_EVENT_TYPE = 'feedback';
const ANSWERS: ReadonlySet<string> = new Set<CitizenAnswer>(['confirmed', 'rejected']);

/** The answer an event records, if it is one. */
export function citizenAnswerOf(event: { type?: unknown; data?: unknown }): CitizenAnswer | undefined {
  if (event.type !== ANSWER_EVENT_TYPE) return undefined;
  const answer = (event.data as { answer?: unknown } | undefined)?.answer;
  return typeof answer === 'string' && ANSWERS.has(answer) ? (answer as CitizenAnswer) : undefined;
}
