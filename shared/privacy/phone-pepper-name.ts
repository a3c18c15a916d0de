/** The variable naming the phone-key pepper (`PHONE_KEY_PEPPER_ARN` on AWS); apart so infra need not read the secret. */
export const PHONE_KEY_PEPPER = 'PHONE_KEY_PEPPER';
