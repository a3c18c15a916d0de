/**
 * The tracking page of a report this phone sent. A confidential report opens only with its view key, which the
 * API put in the tracking link of its answer: the links the app makes carry it on, or the sender could not open
 * their own report.
 */
export const viewKeyOf = (trackUrl: string) => new URL(trackUrl).searchParams.get('k') ?? undefined;

export const trackPath = (id: string, key?: string) => `/lacak/${encodeURIComponent(id)}${key ? `?k=${encodeURIComponent(key)}` : ''}`;
