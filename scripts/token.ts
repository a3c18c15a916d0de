/**
 * `npm run token -- --role officer --unit bina-marga`: prints a staff token (only the token, on stdout), signed with
 * the running local stack's key from .local/data/jwt. Arguments are checked first (scripts/token-args.ts): a token
 * that would only fail later with a 403 is refused here, with a message.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadOrCreateKeys, signToken } from '../local/auth';
import { parseTokenArgs, TOKEN_USAGE } from './token-args';

const args = parseTokenArgs(process.argv.slice(2));
if (args.kind === 'help') {
  console.log(TOKEN_USAGE);
  process.exit(0);
}
if (args.kind === 'error') {
  console.error(args.message);
  process.exit(2);
}
const dir = resolve(args.dataDir, 'jwt');
if (!existsSync(dir)) {
  console.error(`No signing key in ${dir}: start the local stack first (npm start), or point --data-dir at its data folder.`);
  process.exit(1);
}
process.stdout.write(`${await signToken(await loadOrCreateKeys(dir), args.request)}\n`);
