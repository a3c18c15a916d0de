/** The web app's stack: the CloudFront distribution in front of the built app and the HTTP API. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { WebDistribution } from './constructs/web-distribution';

export interface SiCentangWebProps extends StackProps {
  readonly apiEndpoint: string;
  readonly photoBucket: IBucket;
  readonly webRoot: string;
  readonly webAclArn?: string;
  readonly originCustomHeaders?: Record<string, string>;
  readonly extraConnectSources?: string[];
}

export class SiCentangWeb extends Stack {
  readonly web: WebDistribution;

  constructor(scope: Construct, id: string, props: SiCentangWebProps) {
    super(scope, id, props);
    this.web = new WebDistribution(this, 'Web', {
      apiEndpoint: props.apiEndpoint,
      photoBucket: props.photoBucket,
      webRoot: props.webRoot,
      ...(props.webAclArn && { webAclArn: props.webAclArn }),
      ...(props.originCustomHeaders && { originCustomHeaders: props.originCustomHeaders }),
      ...(props.extraConnectSources && { extraConnectSources: props.extraConnectSources }),
    });
    new CfnOutput(this, 'WebUrl', { value: `https://${this.web.distribution.distributionDomainName}`, description: 'The web app and the API, one origin' });
  }
}
