/**
 * The origin-verify secret: CloudFront adds it as a header to every request it forwards to the API
 * (`originCustomHeaders`), and the HTTP frame refuses requests without it (shared/http/origin-verify.ts), so the
 * execute-api URL cannot be used to get around the WAF.
 *
 * Rotation: put `{"current": new, "previous": old}` into the secret (the functions re-read it within 5 minutes
 * and accept both), deploy the distribution with the new value, and once CloudFront has rolled it out drop
 * "previous". The distribution's configuration necessarily holds the current value.
 */
import { Validations, type SecretValue } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY, ORIGIN_VERIFY_HEADER } from '../../shared/http/origin-verify-names';

export class OriginVerify extends Construct {
  readonly secret: Secret;
  readonly headerName = ORIGIN_VERIFY_HEADER;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Si Centang: value of the x-origin-verify header CloudFront adds; {"current","previous"} while rotating',
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'current', passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The value must change in the CloudFront distribution and the secret together (current and previous both ' +
        'accepted meanwhile), which is an operator step with the distribution deploy (README, Abuse), not a rotation Lambda.',
    });
  }

  /** The header value for the distribution's originCustomHeaders (a dynamic reference, resolved at deploy). */
  headerValue(): SecretValue {
    return this.secret.secretValueFromJson('current');
  }

  /** Turns the check on for `fn`: it may read the secret and is told where it is (the ARN, never the value). */
  bind(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    this.secret.grantRead(fn);
    fn.addEnvironment(`${ORIGIN_VERIFY}_ARN`, this.secret.secretArn);
  }
}
