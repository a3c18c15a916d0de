/**
 * npm run migrate-contacts -- [--table <name>]
 *
 * Moves reporters' contact details and phone followers to their own items and rewrites report items in the current
 * key layout (shared/privacy/migrate-contacts.ts). The contact item's phone key needs the pepper, read where the
 * functions read it: PHONE_KEY_PEPPER_ARN (Secrets Manager, with the caller's AWS credentials), else
 * PHONE_KEY_PEPPER, else the local development default. The table: --table, else TABLE_NAME, else the running local
 * stack's (.local/data/stack.json). Locally the endpoint comes from that file too; elsewhere from
 * AWS_ENDPOINT_URL_DYNAMODB or the default AWS endpoint of AWS_REGION.
 */
import { migrationTarget } from './migration-target';

const { table, client, doc } = migrationTarget('migrate-contacts');
// imported after the environment is settled: the pepper is read when the module loads
const { migrateContacts } = await import('../shared/privacy/migrate-contacts');
const result = await migrateContacts(doc, table, (line) => console.log(line));
console.log(
  `Done: ${result.reports} reports rewritten, ${result.contacts} contacts and ${result.followers} followers moved (${result.scanned} items read)` +
    (result.conflicts > 0 ? `; ${result.conflicts} changed meanwhile: run again` : '.'),
);
client.destroy();
