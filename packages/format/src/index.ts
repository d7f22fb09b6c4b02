// Browser-safe entry of @na64/format. Node-only parts live in @na64/format/node.
// Explicit named exports only (no `export *`); each area keeps its own block.

// --- errors
export { FormatError } from './errors.ts';

// --- schema
export { SCHEMA_NAME, SCHEMA_VERSION, TABLES_V1, TABLE_NAMES, CONTRACT_COLUMNS, TAGS, EVENT_COLLECTIONS } from './schema/v1.ts';
export type { TableName, TagName, EventCollection } from './schema/v1.ts';
export type { ColumnKind, ColumnDef, TableDef, ListColumn } from './schema/column-types.ts';
export type { RowOf, BatchOf, ColumnName, SpillRow, EventRow, DigitRow, HitRow, TrackRow, TruthRow } from './schema/rows.ts';
export { arrowSchemaOf, arrowTypeOf, batchToArrow, batchLength, rowsToBatch, arrowToRows, emptyArrowTable } from './schema/arrow.ts';
export { METADATA_KEYS, fileMetadataFromMap, fileMetadataToMap, newFileMetadata } from './schema/metadata.ts';
export type { FileMetadata } from './schema/metadata.ts';
export { renderSchemaMarkdown } from './schema/doc.ts';
export { TOOL_VERSION } from './version.ts';

// --- parquet engine
export { initParquetEngine, encodeParquet, decodeParquet, ParquetReader } from './parquet/engine.ts';
export type { WriteProfile, ParquetFileInfo } from './parquet/engine.ts';

// --- dataset reading
export { Dataset, checkFileSchema, runOfPath } from './dataset/dataset.ts';
export type { EventData, ReadOptions } from './dataset/dataset.ts';
export type { DatasetStore } from './dataset/store.ts';
export { HttpDatasetStore } from './dataset/http-store.ts';
export { DATASET_INDEX_FILE, RUN_MANIFEST_DIR, partitionDir, partFileName, runManifestPath, parsePartPath } from './dataset/layout.ts';
export { parseDatasetIndex, parseRunManifest, mergeRunManifests, compareKeys } from './dataset/manifest.ts';
export type { DatasetIndex, RunManifest, PartFile, EventKey } from './dataset/manifest.ts';
export { countRowsPerEvent, firstUnsortedRow } from './dataset/event-offsets.ts';
