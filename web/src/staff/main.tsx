/** The staff console: configuration first, then the sign-in state, then the app. */
import { render } from 'preact';
import { lang } from '../i18n/index';
import { t } from '../i18n/staff';
import { App } from './app';
import { loadConfig } from './config';
import { interceptStaffLinks } from './router';
import { startSession } from './session';
import '../styles/base.css';
import './staff.css';

document.documentElement.lang = lang();
const root = document.getElementById('app')!;

async function boot() {
  try {
    const config = await loadConfig();
    const session = await startSession(config);
    root.textContent = '';
    render(<App config={config} session={session} />, root);
    interceptStaffLinks(document.body);
  } catch {
    root.innerHTML = '';
    const main = document.createElement('main');
    const h1 = document.createElement('h1');
    h1.textContent = t('console.title');
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = t('console.config.error');
    main.append(h1, p);
    root.append(main);
  }
}
void boot();
