/**
 * Which history events are a citizen's answer to a resolution (the SMS answer-back): the one place that names them,
 * so a new answer type is one line here. Such events are counted by the aggregator into `citizenConfirmed` /
 * `citizenRejected`, and their shares are taken of the resolutions.
 */
export type CitizenAnswer = 'confirmed' | 'rejected';

const ANSWER_EVENT_TYPES: Readonly<Record<string, CitizenAnswer>> = {
  'citizen-confirmed': 'confirmed',
  'citizen-rejected': 'rejected',
};

/** The answer an event records, if it is one. */
export function citizenAnswerOf(event: { type?: unknown }): CitizenAnswer | undefined {
  return typeof event.type === 'string' ? ANSWER_EVENT_TYPES[event.type] : undefined;
}
