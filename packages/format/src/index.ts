// Browser-safe entry of @na64/format. Node-only parts live in @na64/format/node.
// Explicit named exports, each area in its own block; the raw codec, the setup types and helpers
// and the digitization conventions are named once, in ./raw/index.ts (also the light
// @na64/format/raw entry), and re-exported whole.

export * from './raw/index.ts';

// --- errors
export { FormatError } from './errors.ts';

// --- deterministic fixtures
export { mulberry32, fnv1a } from './util/mulberry32.ts';

// --- schema
export { SCHEMA_NAME, SCHEMA_VERSION, TABLES_V1, TABLE_NAMES, CONTRACT_COLUMNS, TAGS, EVENT_COLLECTIONS } from './schema/v1.ts';
export type { TableName, TagName, EventCollection } from './schema/v1.ts';
export type { ColumnKind, ColumnDef, TableDef, ListColumn, CodedStrings } from './schema/column-types.ts';
export type { RowOf, BatchOf, ArrowInputOf, ColumnName, SpillRow, EventRow, DigitRow, HitRow, TrackRow, TruthRow } from './schema/rows.ts';
export { arrowSchemaOf, arrowTypeOf, batchToArrow, batchLength, rowsToBatch, arrowToRows, emptyArrowTable } from './schema/arrow.ts';
export { METADATA_KEYS, fileMetadataFromMap, fileMetadataToMap, newFileMetadata } from './schema/metadata.ts';
export type { FileMetadata } from './schema/metadata.ts';
export { renderSchemaMarkdown } from './schema/doc.ts';
export { BatchBuilder, GrowableArray } from './schema/batch-builder.ts';
export type { RowInput } from './schema/batch-builder.ts';
export { TOOL_VERSION } from './version.ts';

// --- parquet engine
export { initParquetEngine, encodeParquet, decodeParquet, ParquetReader } from './parquet/engine.ts';
export type { WriteProfile, ParquetFileInfo } from './parquet/engine.ts';
export { ParquetStreamWriter } from './parquet/stream-writer.ts';
export type { ByteSink, ParquetStreamOptions } from './parquet/stream-writer.ts';

// --- dataset reading
export { Dataset, checkFileSchema, runOfPath } from './dataset/dataset.ts';
export type { EventData, ReadOptions } from './dataset/dataset.ts';
export type { DatasetStore } from './dataset/store.ts';
export { HttpDatasetStore } from './dataset/http-store.ts';
export { DATASET_INDEX_FILE, RUN_MANIFEST_DIR, partitionDir, partFileName, runManifestPath, parsePartPath, truthSidecarPath } from './dataset/layout.ts';
export { parseDatasetIndex, parseRunManifest, mergeRunManifests, compareKeys } from './dataset/manifest.ts';
export type { DatasetIndex, RunManifest, PartFile, EventKey } from './dataset/manifest.ts';
export { countRowsPerEvent, firstUnsortedRow } from './dataset/event-offsets.ts';
export { validateDataset } from './dataset/validate.ts';

// --- event expressions (select --where, display candidate lists)
export { compileExpression, ExpressionError, tagBits } from './expression/event-expression.ts';
export type { CompiledExpression, ExpressionOptions, RowAccess } from './expression/event-expression.ts';
export type { ValidationProblem, ValidationReport } from './dataset/validate.ts';

// --- setups
export { setupSchema, ELEMENT_KINDS, DIGITIZER_KINDS, MAX_SOURCE_ID, FIRST_MULTIPLEXER_ID } from './setup/schema.ts';
export { validateSetup, parseSetup, checkSetup } from './setup/validate.ts';
export type { SetupValidation } from './setup/validate.ts';
export { getSetup, listSetups, bundledSetupIds, bundledSetupDocument, isBundledSetup } from './setup/registry.ts';
export type { SetupSummary } from './setup/registry.ts';
