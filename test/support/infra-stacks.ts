/**
 * The stateful and API stacks as infra/app.ts wires them, for the infra tests: one place for the props they pass,
 * so a new prop of the API stack is added once. Bundling is skipped (`aws:cdk:bundling-stacks: []`).
 */
import { App } from 'aws-cdk-lib';
import { SiCentangApi, type SiCentangApiProps } from '../../infra/api-stack';
import { SiCentangStateful, type SiCentangStatefulProps } from '../../infra/stateful-stack';

export const TEST_ENV = { region: 'ap-southeast-3' };

export interface StackOptions {
  context?: Record<string, unknown>;
  stateful?: Partial<SiCentangStatefulProps>;
  /** API props over the defaults; a function for props that come from the stateful stack */
  api?: Partial<SiCentangApiProps> | ((stateful: SiCentangStateful) => Partial<SiCentangApiProps>);
}

export function buildStacks(options: StackOptions = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...options.context } });
  const stateful = new SiCentangStateful(app, 'SiCentangStateful', { env: TEST_ENV, ...options.stateful });
  const api = new SiCentangApi(app, 'SiCentangApi', {
    env: TEST_ENV,
    mainTable: stateful.mainTable,
    idempotencyTable: stateful.idempotencyTable,
    photoBucket: stateful.photoBucket,
    notificationTopic: stateful.notificationTopic,
    alarmTopic: stateful.alarmTopic,
    failureQueue: stateful.failureQueue,
    uploadTokenSecret: stateful.uploadTokenSecret,
    staffSignIn: stateful.staffUserPool,
    ...(typeof options.api === 'function' ? options.api(stateful) : options.api),
  });
  return { app, stateful, api };
}
