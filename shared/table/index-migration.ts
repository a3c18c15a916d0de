/**
 * The way from the indexes a live table has (every one projecting ALL, the phone number in each) to the ones in
 * definition.ts. DynamoDB cannot change an index's projection in place, and CloudFormation creates or deletes one
 * index per stack update: so the way is a numbered sequence of deploys, each one index removed or added, set by
 * SI_CENTANG_INDEX_STEP at synth (README, "Moving an existing table to the lean indexes"). Without the variable the
 * definition is the final one, which is what a new table, the local stack and the tests get.
 */
import type { IndexDefinition } from './definition';

/** The main table's indexes before contact moved out of reports: what step 0 deploys. */
export const INDEXES_BEFORE: readonly IndexDefinition[] = [
  ['gsi1-public', 'gsi1pk', 'createdKey'],
  ['gsi2-status', 'statusKey', 'createdKey'],
  ['gsi3-status-due', 'statusKey', 'dueKey'],
  ['gsi4-district', 'districtKey', 'createdKey'],
  ['gsi5-district-status', 'districtStatusKey', 'createdKey'],
  ['gsi6-district-status-due', 'districtStatusKey', 'dueKey'],
  ['gsi7-category', 'categoryKey', 'createdKey'],
  ['gsi8-unit-status', 'unitStatusKey', 'createdKey'],
  ['gsi9-unit-status-due', 'unitStatusKey', 'dueKey'],
  ['gsi10-deadline', 'deadlineKey', 'deadlineAt'],
  ['gsi11-reporter', 'reporterKey', 'createdKey'],
  ['gsi12-near', 'geoKey', 'createdKey'],
  ['gsi13-followers', 'statusKey', 'followerKey'],
  ['gsi14-max-age', 'maxAgeKey', 'maxAgeAt'],
].map(([name, partitionKey, sortKey]) => ({ name: name!, partitionKey: partitionKey!, sortKey: sortKey!, projection: { type: 'ALL' } as const }));

export interface IndexStep {
  action: 'remove' | 'add';
  index: string;
}

const same = (a: IndexDefinition, b: IndexDefinition) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The deploys in order: first the indexes no query reads any more, then each changed index removed and at once
 * added again (only that one index is away, for the minutes DynamoDB needs to build it).
 */
export function indexSteps(final: readonly IndexDefinition[]): IndexStep[] {
  const steps: IndexStep[] = [];
  for (const old of INDEXES_BEFORE) if (!final.some((i) => i.name === old.name)) steps.push({ action: 'remove', index: old.name });
  for (const index of final) {
    const old = INDEXES_BEFORE.find((i) => i.name === index.name);
    if (old && same(old, index)) continue;
    if (old) steps.push({ action: 'remove', index: index.name });
    steps.push({ action: 'add', index: index.name });
  }
  return steps;
}

/** The indexes after the first `step` deploys of the sequence (0: as before; all of them: the final ones). */
export function indexesAtStep(final: readonly IndexDefinition[], step: number): IndexDefinition[] {
  const indexes = [...INDEXES_BEFORE];
  for (const s of indexSteps(final).slice(0, step)) {
    const at = indexes.findIndex((i) => i.name === s.index);
    if (s.action === 'remove') indexes.splice(at, 1);
    else indexes.push(final.find((i) => i.name === s.index)!);
  }
  return indexes;
}
