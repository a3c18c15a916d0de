import type { Route } from '../router';

export function ReportPage(_props: { route: Route }) {
  return <h1>report</h1>;
}
