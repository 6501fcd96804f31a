/**
 * Document paths as users read them (`applications[2].values.password`): the same
 * formatter as every other problem path (see `src/field-path.ts`).
 */
export { formatFieldPath as formatPath, segmentsFromPointer } from '../field-path';
export type { PathSegment } from '../field-path';
