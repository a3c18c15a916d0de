import type { Route } from '../router';

export function MapPage(_props: { route: Route }) {
  return <h1>map</h1>;
}
