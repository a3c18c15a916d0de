/** The jurisdiction file used when JURISDICTION_CONFIG names none (and by infra without `-c jurisdiction=`). */
export const DEFAULT_JURISDICTION_FILE = 'config/jurisdictions/kabupaten-serang.json';

/** The key a prepared (validated, per-function) configuration file carries, and only such a file. */
export const SHIPPED_MARK = '$shipped';
