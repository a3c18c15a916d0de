/** The citizen app: home, report form, tracking page and map, as one small single-page app. */
import { render } from 'preact';
import { App } from './app';
import { interceptLinks } from './router';
import { lang } from '../i18n/index';
import '../styles/base.css';

document.documentElement.lang = lang();
const root = document.getElementById('app')!;
root.textContent = '';
render(<App />, root);
interceptLinks(document.body);

// reports waiting for a signal go out whichever page is open
addEventListener('load', () => void import('./outbox').then((m) => m.startOutbox()));

// only the build has /sw.js; elsewhere the registration fails quietly
if ('serviceWorker' in navigator) {
  addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
}
