/**
 * The order files start in. Vitest starts the files it measured as slowest first, but only from its cache, which a
 * clean clone (CI) does not have; then a long file can start last and run alone at the end of the run. These are
 * the files that take longest on a 2-core machine (20–35 s each in a full run): they start first, and the rest
 * follow in vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST = [
  'test/e2e/faults.test.ts',
  'test/integration/stats-aggregator.test.ts',
  'test/property/handlers.property.test.ts',
  'test/e2e/sms-replies.test.ts',
  'test/e2e/authorization-matrix.test.ts',
  'test/property/http.property.test.ts',
];

export default class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const at = LONGEST.findIndex((path) => file.moduleId.endsWith(path));
      return at === -1 ? LONGEST.length : at;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
