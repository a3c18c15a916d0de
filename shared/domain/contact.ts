/**
 * Whether a reporter left contact details (a number, a name or an e-mail). The details themselves live apart from
 * the report, in its contact item, and are read only where they are needed (the SMS paths, the audited staff view,
 * the retention purge); a report read without them still says that they exist.
 */
import type { Reporter } from './report';

export const holdsContact = (reporter: Pick<Reporter, 'phone' | 'name' | 'email' | 'contactHeld'> | undefined): boolean =>
  reporter !== undefined && (reporter.contactHeld === true || (reporter.phone ?? reporter.name ?? reporter.email) !== undefined);

/** The reporter without the contact details and the flag that says they exist (what the purge leaves). */
export function withoutContactDetails<R extends Reporter>(reporter: R): Omit<R, 'phone' | 'name' | 'email' | 'contactHeld'> {
  const { phone: _phone, name: _name, email: _email, contactHeld: _held, ...rest } = reporter;
  return rest;
}
