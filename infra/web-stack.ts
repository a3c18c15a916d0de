/** The web app's stack: the CloudFront distribution in front of the built app and the HTTP API. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { Jurisdiction } from '../shared/config/jurisdiction';
import { cognitoConsoleAuth, staffConsoleConfig } from '../shared/config/staff-console-config';
import { WebDistribution } from './constructs/web-distribution';
import type { StaffUserPool } from './constructs/staff-user-pool';

export interface SiCentangWebProps extends StackProps {
  readonly apiEndpoint: string;
  readonly photoBucket: IBucket;
  readonly webRoot: string;
  readonly webAclArn?: string;
  readonly originCustomHeaders?: Record<string, string>;
  readonly extraConnectSources?: string[];
  /**
   * The staff sign-in of the stateful stack and the jurisdiction's units and agencies: the console's
   * `/staf/config.json` is written from them, and the CSP lets the pages reach the pool and its sign-in domain.
   */
  readonly staffConsole?: { signIn: StaffUserPool; jurisdiction: Pick<Jurisdiction, 'units' | 'agencies'> };
}

export class SiCentangWeb extends Stack {
  readonly web: WebDistribution;

  constructor(scope: Construct, id: string, props: SiCentangWebProps) {
    super(scope, id, props);
    const console = props.staffConsole && staffConsoleSettings(this, props.staffConsole);
    const extraConnectSources = [...(props.extraConnectSources ?? []), ...(console?.connectSources ?? [])];
    this.web = new WebDistribution(this, 'Web', {
      apiEndpoint: props.apiEndpoint,
      photoBucket: props.photoBucket,
      webRoot: props.webRoot,
      ...(props.webAclArn && { webAclArn: props.webAclArn }),
      ...(props.originCustomHeaders && { originCustomHeaders: props.originCustomHeaders }),
      ...(extraConnectSources.length > 0 && { extraConnectSources }),
      ...(console && { staffConsoleConfig: console.config }),
    });
    new CfnOutput(this, 'WebUrl', { value: `https://${this.web.distribution.distributionDomainName}`, description: 'The web app and the API, one origin' });
  }
}

/**
 * The console signs in with the pool as OIDC issuer (its discovery document and keys are on cognito-idp) and
 * trades the code for tokens on the hosted sign-in domain: both are fetched from the page, so both join connect-src.
 */
function staffConsoleSettings(stack: Stack, { signIn, jurisdiction }: NonNullable<SiCentangWebProps['staffConsole']>) {
  const region = stack.region;
  const domainBaseUrl = signIn.domain.baseUrl();
  const auth = cognitoConsoleAuth({ region, userPoolId: signIn.userPool.userPoolId, clientId: signIn.client.userPoolClientId, domainBaseUrl });
  return {
    config: staffConsoleConfig(auth, jurisdiction),
    connectSources: [`https://cognito-idp.${region}.amazonaws.com`, domainBaseUrl],
  };
}
