/** Count metrics of every SMS outcome; the alarms (infra) and the dashboards read these names. */
export const SMS_METRICS = {
  sent: 'SmsSent',
  failed: 'SmsFailed',
  skipped: 'SmsSkipped',
  segments: 'SmsSegments',
  /** SMS held for the coalescing window, and held SMS a later change superseded (the SMS saved) */
  held: 'SmsHeld',
  superseded: 'SmsSuperseded',
} as const;
