/** Which size budget holds a function's bundle: API functions answer a person waiting, so theirs is the smaller. */
import { BUDGETS } from '../budgets';
import { API_FUNCTIONS } from './bundle';

export const bundleBudgetKB = (fn: string): number => (API_FUNCTIONS.has(fn) ? BUDGETS.apiBundleKB : BUDGETS.backgroundBundleKB);
