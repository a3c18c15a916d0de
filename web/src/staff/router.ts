/** Client-side routes of the staff console, all under /staf/ (the server answers each with staf/index.html). */
import { useEffect, useState } from 'preact/hooks';

export type StaffRoute = { page: 'queue'; search: string } | { page: 'report'; id: string } | { page: 'not-found' };

export function parseStaffRoute(pathname: string, search: string): StaffRoute {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/staf' || path === '/staf/antrian') return { page: 'queue', search };
  const report = /^\/staf\/laporan\/([^/]+)$/.exec(path);
  if (report) return { page: 'report', id: decodeURIComponent(report[1]!) };
  return { page: 'not-found' };
}

export const reportPath = (id: string) => `/staf/laporan/${encodeURIComponent(id)}`;

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
  if (!replace) window.scrollTo(0, 0);
}

export function useStaffRoute(): StaffRoute {
  const [route, setRoute] = useState(() => parseStaffRoute(location.pathname, location.search));
  useEffect(() => {
    const update = () => setRoute(parseStaffRoute(location.pathname, location.search));
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return route;
}

/** Links within the console move without a page load; anything else (the citizen app, sign-out) loads normally. */
export function interceptStaffLinks(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    const a = (event.target as Element).closest?.('a');
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || a.target) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith('/staf')) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}
