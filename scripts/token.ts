/**
 * `npm run token -- --role officer --unit bina-marga`: prints a staff token (only the token, on stdout),
 * signed with the running local stack's key from .local/data/jwt. Any unit or district code is accepted.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrCreateKeys, signToken, type TokenRequest } from '../local/auth';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'triage' },
    unit: { type: 'string' },
    district: { type: 'string' },
    sub: { type: 'string' },
    hours: { type: 'string', default: '8' },
    'data-dir': { type: 'string', default: '.local/data' },
  },
});
const roles = ['admin', 'triage', 'officer', 'district'];
if (!roles.includes(values.role!)) {
  console.error(`--role must be one of ${roles.join(', ')}`);
  process.exit(2);
}
const dir = resolve(values['data-dir']!, 'jwt');
if (!existsSync(dir)) {
  console.error(`No signing key in ${dir}: run npm start first.`);
  process.exit(1);
}
const token = await signToken(await loadOrCreateKeys(dir), {
  role: values.role as TokenRequest['role'],
  ...(values.unit && { unit: values.unit }),
  ...(values.district && { district: values.district }),
  ...(values.sub && { sub: values.sub }),
  expiresIn: Number(values.hours) * 3600,
});
process.stdout.write(`${token}\n`);
