// Browser-safe entry of @na64/format. Node-only parts live in @na64/format/node.
// Explicit named exports only (no `export *`); each area keeps its own block.

// --- errors
export { FormatError } from './errors.ts';
