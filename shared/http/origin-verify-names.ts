/** Names shared by the origin-verify check and the infrastructure that turns it on. */
export const ORIGIN_VERIFY = 'ORIGIN_VERIFY';
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';
