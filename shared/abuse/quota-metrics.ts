/** The count metric every quota refusal (429) emits; its alarm lives in infra/constructs/sms-abuse.ts. */
export const QUOTA_REFUSED_METRIC = 'QuotaRefused';
