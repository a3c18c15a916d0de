/**
 * The CDK app (`cdk synth`, `cdk deploy`; cdk.json runs it with tsx). Every setting comes from CDK context
 * (`-c key=value` or cdk.json), so another region or stage is configuration, not code:
 *
 *   stage            dev                        part of the stack names: stages can share an account
 *   region           ap-southeast-3 (Jakarta)   citizens' data stays in Indonesia
 *   account          CDK_DEFAULT_ACCOUNT        unset: environment-agnostic templates
 *   jurisdiction     config/jurisdictions/kabupaten-serang.json
 *   allowedOrigins   none                       comma-separated browser origins for CORS (API and photo bucket), never `*`
 *   throttleRateLimit / throttleBurstLimit     50 / 100 requests per second per route
 *   staffCallbackUrls  http://localhost:5173/auth/callback   comma-separated: where the staff sign-in returns;
 *                                              required for stage prod (no localhost there)
 *   staffLogoutUrls    http://localhost:5173/  comma-separated: where the staff sign-out returns
 *   staffAuthDomainPrefix  <stateful stack name>-<account id>   the hosted sign-in domain prefix
 *   smsRegion        ap-southeast-1             where SNS sends SMS from (not every region sends SMS)
 *   smsSenderId      SICENTANG                  alphanumeric sender ID (1 to 11 letters and digits)
 *   smsDailyCap      20                         SMS per phone number per day (against SMS pumping)
 *   smsAlarmPerHour  500                        SMS sent in an hour above which the SMS-volume alarm fires
 *   webAclArn        none                       a CloudFront WAF web ACL (us-east-1) for the web distribution
 *   smsMonthlySpendLimitUsd  100                the account's SNS SMS spend limit; an alarm fires at 80 %
 *   requireOriginHeader  false                  refuse API requests without CloudFront's origin-verify header
 *   wafWritesPer5Minutes 100                    report creations and photo grants per address per 5 min (WAF)
 *
 * The escalation schedule (escalation.scheduleMinutes) comes from the jurisdiction file, not from context.
 * No context lookups (fromLookup) anywhere: synth works offline, without credentials.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as z from 'zod';
import { SENDER_ID } from '../shared/adapters/sns/sms-sender';
import { DEFAULT_SMS_DAILY_CAP, DEFAULT_SMS_REGION } from '../shared/notify/config';
import { DEFAULT_SMS_ALARM_PER_HOUR, DEFAULT_SMS_SENDER_ID, DEFAULT_THROTTLE, SiCentangApi } from './api-stack';
import { SiCentangStateful } from './stateful-stack';
import { SiCentangWeb } from './web-stack';
import { ensureWebBuild } from '../local/web-build';
import { DEFAULT_WRITES_PER_5_MINUTES, SiCentangEdgeWaf } from './edge-waf-stack';
import { DEFAULT_SMS_MONTHLY_SPEND_LIMIT_USD } from './constructs/sms-abuse';
import { bundledJurisdiction } from './constructs/lambda-function';

const app = new App();

function context(key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}

// numbers from context are checked by zod, as the functions' environment settings are (shared/config/settings.ts)
const positive = z.coerce.number().positive().finite();
function positiveNumber(key: string, fallback: number, schema: z.ZodType<number, unknown> = positive): number {
  const raw = context(key);
  if (raw === undefined) return fallback;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`Context ${key} must be a positive ${schema === positive ? '' : 'whole '}number, got "${raw}"`);
  return parsed.data;
}
const positiveInteger = (key: string, fallback: number) => positiveNumber(key, fallback, positive.int());

const stage = context('stage') ?? 'dev';
if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) throw new Error(`Context stage must be short kebab-case, got "${stage}"`);

const env = {
  region: context('region') ?? 'ap-southeast-3',
  account: context('account') ?? process.env.CDK_DEFAULT_ACCOUNT,
};
const list = (key: string): string[] | undefined => {
  const items = (context(key) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
};
const allowedOrigins = list('allowedOrigins') ?? [];

const smsRegion = context('smsRegion') ?? DEFAULT_SMS_REGION;
if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(smsRegion)) throw new Error(`Context smsRegion is not a region: "${smsRegion}"`);
const smsSenderId = context('smsSenderId') ?? DEFAULT_SMS_SENDER_ID;
if (!SENDER_ID.test(smsSenderId)) {
  throw new Error(`Context smsSenderId must be 1 to 11 letters and digits with at least one letter, got "${smsSenderId}"`);
}

const staffCallbackUrls = list('staffCallbackUrls');
if (stage === 'prod' && !staffCallbackUrls) {
  throw new Error('Context staffCallbackUrls is required for stage prod: the staff front end URL(s) for sign-in');
}

const stateful = new SiCentangStateful(app, 'SiCentangStateful', {
  env,
  stackName: `si-centang-${stage}-stateful`,
  description:
    `Si Centang (${stage}): tables, photo bucket, notification and alarm topics, failure queue, ` +
    'upload-token secret, staff user pool',
  // table and bucket are RETAIN already; this guards the stack itself against `cdk destroy`
  terminationProtection: stage === 'prod',
  // the photo bucket takes browser uploads (presigned POST) from the same origins as the API
  allowedOrigins,
  staffSignIn: {
    callbackUrls: staffCallbackUrls,
    logoutUrls: list('staffLogoutUrls'),
    domainPrefix: context('staffAuthDomainPrefix'),
  },
});

const api = new SiCentangApi(app, 'SiCentangApi', {
  env,
  stackName: `si-centang-${stage}-api`,
  description: `Si Centang (${stage}): HTTP API and functions`,
  mainTable: stateful.mainTable,
  idempotencyTable: stateful.idempotencyTable,
  photoBucket: stateful.photoBucket,
  notificationTopic: stateful.notificationTopic,
  alarmTopic: stateful.alarmTopic,
  failureQueue: stateful.failureQueue,
  uploadTokenSecret: stateful.uploadTokenSecret,
  phoneKeyPepper: stateful.phoneKeyPepper,
  sms: {
    region: smsRegion,
    senderId: smsSenderId,
    dailyCap: positiveInteger('smsDailyCap', DEFAULT_SMS_DAILY_CAP),
    alarmPerHour: positiveInteger('smsAlarmPerHour', DEFAULT_SMS_ALARM_PER_HOUR),
    monthlySpendLimitUsd: positiveNumber('smsMonthlySpendLimitUsd', DEFAULT_SMS_MONTHLY_SPEND_LIMIT_USD),
  },
  // on once CloudFront fronts the API and sends the origin-verify header (api.originVerify)
  requireOriginHeader: context('requireOriginHeader') === 'true',
  // every staff route gets the JWT authorizer for this pool's app client
  staffSignIn: stateful.staffUserPool,
  allowedOrigins,
  throttle: {
    rateLimit: positiveNumber('throttleRateLimit', DEFAULT_THROTTLE.rateLimit),
    burstLimit: positiveNumber('throttleBurstLimit', DEFAULT_THROTTLE.burstLimit),
  },
});

// The WAF for the CloudFront distribution: a CLOUDFRONT-scope web ACL can only live in us-east-1. The distribution
// takes edgeWaf.webAclArn (cross-region reference, concrete account needed) and api.originVerify's header.
const edgeWaf = new SiCentangEdgeWaf(app, 'SiCentangEdgeWaf', {
  env: { account: env.account, region: 'us-east-1' },
  stackName: `si-centang-${stage}-edge-waf`,
  description: `Si Centang (${stage}): WAF web ACL for the CloudFront distribution (us-east-1)`,
  crossRegionReferences: true,
  writesPer5Minutes: positiveInteger('wafWritesPer5Minutes', DEFAULT_WRITES_PER_5_MINUTES),
});

// the web app and the API on one CloudFront origin; synth builds web/dist first if it is stale. The WAF above
// protects it where the account is known (a cross-region reference needs one); `webAclArn` names another ACL.
const webAclArn = context('webAclArn') ?? (env.account ? edgeWaf.webAclArn : undefined);
new SiCentangWeb(app, 'SiCentangWeb', {
  env,
  stackName: `si-centang-${stage}-web`,
  description: `Si Centang (${stage}): web app and API behind CloudFront`,
  crossRegionReferences: env.account !== undefined,
  apiEndpoint: api.api.apiEndpoint,
  photoBucket: stateful.photoBucket,
  webRoot: await ensureWebBuild(),
  ...(webAclArn && { webAclArn }),
  // CloudFront sends the API the origin-verify secret; the functions refuse requests without it
  ...(api.originVerify && { originCustomHeaders: { [api.originVerify.headerName]: api.originVerify.headerValue().unsafeUnwrap() } }),
  // the staff console's /staf/config.json: this stage's user pool, app client and sign-in domain
  staffConsole: { signIn: stateful.staffUserPool, jurisdiction: bundledJurisdiction(app).config },
});

Tags.of(app).add('Service', 'si-centang');
Tags.of(app).add('Stage', stage);

// cdk-nag 3 is a CDK policy-validation plugin (no longer an aspect): it runs after synthesis, and any
// unacknowledged finding fails `cdk synth` with a report. Acknowledgements are made with
// Validations.of(construct).acknowledge({ id, reason }) next to the resource they concern, and are also written
// into the template metadata (cdk_nag.rules_to_suppress) so a reviewer of the template sees each reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));

app.synth();
