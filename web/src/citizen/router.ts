/** Client-side routes of the citizen app: the server answers every one of them with index.html. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'home' }
  /** `?terkirim=<code>`: the page after sending, so that a language switch or a reload keeps showing the code */
  | { page: 'report'; sent?: string }
  | { page: 'track'; code: string; key?: string }
  | { page: 'map' }
  | { page: 'stats' }
  | { page: 'not-found' };

export function parseRoute(pathname: string, search: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'home' };
  if (path === '/lapor') {
    const sent = new URLSearchParams(search).get('terkirim') ?? undefined;
    return { page: 'report', ...(sent && { sent }) };
  }
  if (path === '/peta') return { page: 'map' };
  if (path === '/statistik') return { page: 'stats' };
  const track = /^\/(?:lacak|r)\/([^/]+)$/.exec(path);
  if (track) {
    // a confidential report's link carries its view key: pass it on to the API as it came
    const key = new URLSearchParams(search).get('k') ?? undefined;
    return { page: 'track', code: decodeURIComponent(track[1]!), ...(key && { key }) };
  }
  return { page: 'not-found' };
}

export function navigate(to: string): void {
  history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.search));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname, location.search));
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return route;
}

/** Same-origin links move within the app without a page load. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    const a = (event.target as Element).closest?.('a');
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || a.target) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/staf') || a.hasAttribute('download')) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
}
