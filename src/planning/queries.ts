/** What other parts of the system may read about production lines and plans. */
export { findLine, listLines, supplierOfLine } from './store.ts';
