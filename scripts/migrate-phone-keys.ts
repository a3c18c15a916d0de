/**
 * npm run migrate-phone-keys -- [--table <name>]
 *
 * Re-keys stored phone-number keys to the current pepper (shared/privacy/migrate-phone-keys.ts). The pepper comes
 * from where the functions read it: PHONE_KEY_PEPPER_ARN (Secrets Manager, with the caller's AWS credentials), else
 * PHONE_KEY_PEPPER, else the local development default. The table: --table, else TABLE_NAME, else the running local
 * stack's (.local/data/stack.json). Locally the endpoint comes from that file too; elsewhere from
 * AWS_ENDPOINT_URL_DYNAMODB or the default AWS endpoint of AWS_REGION.
 */
import { migrationTarget } from './migration-target';

const { table, client, doc } = migrationTarget('migrate-phone-keys');
// imported after the environment is settled: the pepper is read when the module loads
const { migratePhoneKeys } = await import('../shared/privacy/migrate-phone-keys');
const result = await migratePhoneKeys(doc, table, (line) => console.log(line));
console.log(`Done: ${result.reports} reports and ${result.followers} followers re-keyed (${result.scanned} items with a phone key read).`);
client.destroy();
