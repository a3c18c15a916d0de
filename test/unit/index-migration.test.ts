/** The numbered deploys from the indexes a live table has to the lean ones: one index added or removed per deploy. */
import { describe, expect, it } from 'vitest';
import { MAIN_TABLE } from '../../shared/table/definition';
import { INDEXES_BEFORE, indexesAtStep, indexSteps } from '../../shared/table/index-migration';

describe('moving an existing table to the lean indexes', () => {
  const steps = indexSteps(MAIN_TABLE.indexes);
  const names = (indexes: { name: string }[]) => indexes.map((i) => i.name).sort();

  it('starts from the indexes as they were and ends at the definition', () => {
    expect(indexesAtStep(MAIN_TABLE.indexes, 0)).toEqual(INDEXES_BEFORE);
    const end = indexesAtStep(MAIN_TABLE.indexes, steps.length);
    expect(names(end)).toEqual(names(MAIN_TABLE.indexes));
    for (const index of MAIN_TABLE.indexes) expect(end.find((i) => i.name === index.name)).toEqual(index);
  });

  it('changes exactly one index per deploy, never holds more than DynamoDB allows, and keeps no index away for two deploys', () => {
    for (let step = 1; step <= steps.length; step++) {
      const before = indexesAtStep(MAIN_TABLE.indexes, step - 1);
      const after = indexesAtStep(MAIN_TABLE.indexes, step);
      const removed = before.filter((b) => !after.some((a) => a === b));
      const added = after.filter((a) => !before.some((b) => b === a));
      expect(removed.length + added.length, `step ${step}`).toBe(1);
      expect(after.length).toBeLessThanOrEqual(20);
    }
    // a changed index comes back in the deploy right after the one that removed it
    steps.forEach((s, i) => {
      if (s.action === 'remove' && MAIN_TABLE.indexes.some((x) => x.name === s.index)) expect(steps[i + 1]).toEqual({ action: 'add', index: s.index });
    });
    // no projection ALL is left at the end, and the dropped indexes are the first deploys
    expect(indexesAtStep(MAIN_TABLE.indexes, steps.length).every((i) => i.projection.type !== 'ALL')).toBe(true);
    expect(steps.slice(0, 3).map((s) => s.index)).toEqual(['gsi4-district', 'gsi7-category', 'gsi14-max-age']);
  });
});
