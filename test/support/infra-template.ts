/** Reading the synthesized templates in the infra tests: resources by type, functions by name, their IAM statements. */
import type { Template } from 'aws-cdk-lib/assertions';

export type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

export const ofType = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type)) as [string, Resource][];

/** `create-report` → the logical id prefix of its function, `CreateReportFunction` */
export const functionId = (fn: string) =>
  `${fn
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}Function`;

/** Every function of this project (AppFunction: description "Si Centang <name>"), by name; not CDK's own handlers. */
export const appFunctions = (template: Template): Map<string, [string, Resource]> =>
  new Map(
    ofType(template, 'AWS::Lambda::Function')
      .filter(([, fn]) => typeof fn.Properties.Description === 'string' && fn.Properties.Description.startsWith('Si Centang '))
      .map(([id, fn]) => [(fn.Properties.Description as string).slice('Si Centang '.length), [id, fn]]),
  );

/** The statements of every policy attached to the role of the function with logical id `functionId`. */
export function roleStatements(template: Template, functionLogicalId: string): any[] {
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const roleId = resources[functionLogicalId]!.Properties.Role['Fn::GetAtt'][0] as string;
  return ofType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties.Roles as any[]).some((role) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as any[]);
}

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** `{"Fn::Join": ["", [{"Fn::ImportValue": "X"}, "/uploads/*"]]}` → `X/uploads/*`, for reading ARNs in policies */
export function flat(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(flat).join(v['Fn::Join'][0]);
  if (v['Fn::ImportValue']) return `import:${flat(v['Fn::ImportValue'])}`;
  if (v['Fn::GetAtt']) return `${v['Fn::GetAtt'][0]}.${v['Fn::GetAtt'][1]}`;
  if (v.Ref) return `ref:${v.Ref}`;
  return JSON.stringify(v);
}

/** S3 statements (Allow) of one function: `{ actions, resources }` with flattened ARNs */
export function s3Grants(template: Template, functionLogicalId: string): { actions: string[]; resources: string[] }[] {
  return roleStatements(template, functionLogicalId)
    .filter((st) => st.Effect === 'Allow' && list(st.Action).some((a) => String(a).startsWith('s3:')))
    .map((st) => ({ actions: list(st.Action).map(String).sort(), resources: list(st.Resource).map(flat) }));
}
