import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
// cdk-nag's own flattening of a CloudFormation value into the text of a granular finding id; using it rather
// than a copy keeps an acknowledgement id equal to the finding id across cdk-nag upgrades (or fails loudly).
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';

/**
 * The id of the granular AwsSolutions-IAM5 finding that a wildcard `resource` in `grantee`'s policy yields, as
 * cdk-nag prints it (`AwsSolutions-IAM5[Resource::<flattened ARN>]`), so it can be acknowledged precisely.
 *
 * The value is resolved now, at construction; a reference that CDK turns into a cross-stack import only later
 * (at synthesis) would flatten differently now than when cdk-nag checks it. So `owner` (the resource's owner,
 * e.g. a bucket) must belong to the grantee's stack: an imported reference built there (`Bucket.fromBucketAttributes`
 * with explicitly named exports), or a resource of the same stack.
 */
export function wildcardResourceFinding(grantee: IConstruct, owner: IConstruct, resource: string): string {
  const stack = Stack.of(grantee);
  if (Stack.of(owner) !== stack) {
    throw new Error(
      `${owner.node.path} belongs to another stack than ${grantee.node.path}: import it into ${stack.stackName} ` +
        '(e.g. Bucket.fromBucketAttributes with explicitly exported values) before granting by prefix',
    );
  }
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(resource))}]`;
}
