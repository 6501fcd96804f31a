/** Field paths in schema problems: the shared formatter (see `src/field-path.ts`). */
export { formatFieldPath, segmentsFromPointer } from '../field-path';
export type { PathSegment } from '../field-path';
