/**
 * The arguments of `npm run token`, checked before anything is signed: a token that can only fail later (an officer
 * without a unit, a unit that does not exist) is refused here with a message saying what to pass instead.
 */
import { parseArgs } from 'node:util';
import { jurisdiction } from '../shared/config/jurisdiction';
import type { TokenRequest } from '../local/auth';

export const TOKEN_USAGE = `Usage: npm run token -- [--role admin|triage|officer|district] [--unit <code>] [--district <code>] [--hours N] [--sub <id>] [--data-dir <dir>]

Prints a staff access token (only the token) signed with the local stack's key in <data-dir>/jwt
(default .local/data, where npm start keeps its data). The token is not tied to a port: any local stack
started with the same data folder accepts it (npm start -- --port 3001 included).

  --role      admin, triage (default), officer or district
  --unit      officer only, required: ${jurisdiction.units.map((u) => u.code).join(', ')}
  --district  district only, required: a kecamatan code such as ${jurisdiction.districts[0]?.code ?? 'cikande'}
  --hours     how long the token is valid, 0.1 to 720 (default 8)
  --sub       the user id in the token (default derived from role and unit)
  --data-dir  the stack's data folder (default .local/data)`;

export type TokenArgs =
  | { kind: 'token'; request: TokenRequest; dataDir: string }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

const ROLES = ['admin', 'triage', 'officer', 'district'] as const;

export function parseTokenArgs(argv: string[]): TokenArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        help: { type: 'boolean', short: 'h' },
        role: { type: 'string', default: 'triage' },
        unit: { type: 'string' },
        district: { type: 'string' },
        sub: { type: 'string' },
        hours: { type: 'string', default: '8' },
        'data-dir': { type: 'string', default: '.local/data' },
      },
    }));
  } catch (err) {
    return { kind: 'error', message: `${(err as Error).message}\n\n${TOKEN_USAGE}` };
  }
  if (values.help) return { kind: 'help' };
  const role = String(values.role);
  if (!(ROLES as readonly string[]).includes(role)) return { kind: 'error', message: `--role must be one of ${ROLES.join(', ')}, not "${role}".` };
  const unit = values.unit as string | undefined;
  const district = values.district as string | undefined;
  if (role === 'officer' && !unit) return { kind: 'error', message: `An officer acts for a unit: add --unit <code> (${jurisdiction.units.map((u) => u.code).join(', ')}).` };
  if (unit !== undefined && role !== 'officer') return { kind: 'error', message: '--unit applies to --role officer only.' };
  if (unit !== undefined && !jurisdiction.units.some((u) => u.code === unit))
    return { kind: 'error', message: `Unknown unit "${unit}": use one of ${jurisdiction.units.map((u) => u.code).join(', ')}.` };
  if (role === 'district' && !district) return { kind: 'error', message: 'A district office acts for a kecamatan: add --district <code> (GET /v1/districts lists them).' };
  if (district !== undefined && role !== 'district') return { kind: 'error', message: '--district applies to --role district only.' };
  if (district !== undefined && !jurisdiction.districts.some((d) => d.code === district))
    return { kind: 'error', message: `Unknown district "${district}": GET /v1/districts lists the codes.` };
  const hours = Number(values.hours);
  if (!/^\d+(\.\d+)?$/.test(String(values.hours)) || !(hours >= 0.1 && hours <= 720))
    return { kind: 'error', message: `--hours must be a number from 0.1 to 720, not "${String(values.hours)}".` };
  return {
    kind: 'token',
    dataDir: String(values['data-dir']),
    request: {
      role: role as TokenRequest['role'],
      ...(unit && { unit }),
      ...(district && { district }),
      ...(typeof values.sub === 'string' && { sub: values.sub }),
      expiresIn: Math.round(hours * 3600),
    },
  };
}
