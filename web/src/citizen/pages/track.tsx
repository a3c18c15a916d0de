import type { Route } from '../router';

export function TrackPage(_props: { route: Route }) {
  return <h1>track</h1>;
}
