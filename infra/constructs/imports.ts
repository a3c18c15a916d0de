import { Fn, Stack, Token } from 'aws-cdk-lib';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct, IConstruct } from 'constructs';

/**
 * Exports `value` of `owner`'s stack under an explicit name (`<stack name>-<suffix>`, made once) and returns its
 * Fn::ImportValue. Still a strong reference (CloudFormation refuses to delete an export in use), but with a name
 * a reader can recognise, where CDK's automatic exports carry hashes; and a value that is already an import when
 * the consuming stack is built, so cdk-nag finding ids computed from it hold (see nag.ts).
 */
export function namedExport(owner: IConstruct, value: string, suffix: string): string {
  const stack = Stack.of(owner);
  if (Token.isUnresolved(stack.stackName)) throw new Error(`${stack.node.path} needs a literal stack name for its exports`);
  const name = `${stack.stackName}-${suffix}`;
  if (!stack.node.tryFindChild(`Export${name}`)) stack.exportValue(value, { name });
  return Fn.importValue(name);
}

/**
 * The bucket as a reference of `scope`'s stack. Grants, the event notification and its custom resource are then
 * made in the consuming stack only: the bucket's stack never refers back to it, so there is no cycle.
 */
export function importBucket(scope: Construct, id: string, bucket: IBucket): IBucket {
  const consumer = Stack.of(scope);
  const owner = Stack.of(bucket);
  if (owner === consumer) return bucket;
  // the named imports are plain Fn::ImportValue: the deployment order must be stated
  consumer.addStackDependency(owner, `${bucket.node.id} is imported by name`);
  return Bucket.fromBucketAttributes(scope, id, {
    bucketArn: namedExport(bucket, bucket.bucketArn, `${bucket.node.id}Arn`),
    bucketName: namedExport(bucket, bucket.bucketName, `${bucket.node.id}Name`),
    encryptionKey: bucket.encryptionKey,
  });
}
