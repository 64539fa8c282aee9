/** What other parts of the system may read about production lines and plans. */
export type { PlanSummary, StoredPlan } from './store.ts';
export { findLine, findPlan, listLines, listPlans, supplierOfLine } from './store.ts';
