// Browser-safe entry of @na64/format. Node-only parts live in @na64/format/node.
// Explicit named exports only (no `export *`); each area keeps its own block.

// --- errors
export { FormatError } from './errors.ts';

// --- deterministic fixtures
export { mulberry32, fnv1a } from './util/mulberry32.ts';

// --- schema
export { SCHEMA_NAME, SCHEMA_VERSION, TABLES_V1, TABLE_NAMES, CONTRACT_COLUMNS, TAGS, EVENT_COLLECTIONS } from './schema/v1.ts';
export type { TableName, TagName, EventCollection } from './schema/v1.ts';
export type { ColumnKind, ColumnDef, TableDef, ListColumn } from './schema/column-types.ts';
export type { RowOf, BatchOf, ColumnName, SpillRow, EventRow, DigitRow, HitRow, TrackRow, TruthRow } from './schema/rows.ts';
export { arrowSchemaOf, arrowTypeOf, batchToArrow, batchLength, rowsToBatch, arrowToRows, emptyArrowTable } from './schema/arrow.ts';
export { METADATA_KEYS, fileMetadataFromMap, fileMetadataToMap, newFileMetadata } from './schema/metadata.ts';
export type { FileMetadata } from './schema/metadata.ts';
export { renderSchemaMarkdown } from './schema/doc.ts';
export { BatchBuilder, GrowableArray } from './schema/batch-builder.ts';
export type { RowInput } from './schema/batch-builder.ts';
export { TOOL_VERSION } from './version.ts';

// --- digitization conventions shared by simulation and reconstruction
export { STRAW_T0_NS } from './digitization/straw-tdc.ts';
export { msadcPulseTemplate, MSADC_SAMPLE_NS, MSADC_SAMPLES, MSADC_PULSE_TAU_NS, MSADC_PULSE_START_NS, MSADC_PULSE_PEAK_NS, MSADC_MAX_COUNT } from './digitization/msadc-pulse.ts';

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
export { validateDataset } from './dataset/validate.ts';

// --- event expressions (select --where, display candidate lists)
export { compileExpression, ExpressionError, tagBits } from './expression/event-expression.ts';
export type { CompiledExpression, ExpressionOptions, RowAccess } from './expression/event-expression.ts';
export type { ValidationProblem, ValidationReport } from './dataset/validate.ts';

// --- raw codec
export {
  RAW_MAGIC,
  RAW_MAGIC_SWAPPED,
  RAW_HEADER_LENGTH_NEW,
  RAW_HEADER_LENGTH_OLD,
  RAW_HEADER_VERSION_NEW,
  RAW_HEADER_VERSION_OLD,
  RAW_EVENT_TYPE,
  isRawEventType,
  MUX_SOURCE_ID_MIN,
  MUX_SOURCE_ID_MAX,
  isMuxSourceId,
  SCALER_SOURCE_ID,
  DEFAULT_MAX_EVENT_BYTES,
} from './raw/constants.ts';
export type { RawEventType } from './raw/constants.ts';
export type {
  RawByteOrder,
  RawEventHeader,
  SLinkHeader,
  RawEquipment,
  RawEvent,
  PayloadKind,
  RawWordsPayload,
  MsadcBlock,
  MsadcPayload,
  ApvChip,
  ApvAdc,
  ApvPayload,
  TdcPayload,
  ScalerPayload,
  MuxBlock,
  MuxPayload,
  RawPayload,
  SourceKinds,
  RawProblemReason,
  RawEventKey,
  RawProblem,
  RawEventRecord,
  RawProblemRecord,
  RawRecord,
  RawDecodeSummary,
} from './raw/types.ts';
export { rawEventHeader } from './raw/event-header.ts';
export { slinkHeader } from './raw/slink.ts';
export { PayloadError, encodePayload, payloadContext } from './raw/payload-codec.ts';
export type { PayloadCodec, PayloadContext } from './raw/payload-codec.ts';
export { RAW_PAYLOAD_CODECS, sourceKind } from './raw/codecs.ts';
export { rawWordsCodec } from './raw/raw-words.ts';
export { msadcCodec, msadcPayload, msadcChannels } from './raw/msadc.ts';
export type { MsadcChannelInput, MsadcBlockInput, MsadcChannelView } from './raw/msadc.ts';
export { apvCodec, apvFrames, APV_CHANNELS_PER_CHIP } from './raw/apv.ts';
export { tdcCodec, tdcPayload } from './raw/tdc.ts';
export { scalerCodec, scalerPayload, namedScalers, findScalers, SCALER_NAMES, SCALER_MARKER } from './raw/scaler.ts';
export type { ScalerName } from './raw/scaler.ts';
export { decodeRawEvent, encodeRawEvent, encodeRawEventWords, rawEventByteLength } from './raw/event-codec.ts';
export type { RawEventDecodeResult, RawEventDecodeOptions } from './raw/event-codec.ts';
export { RawFramer } from './raw/framer.ts';
export type { RawFramerOptions } from './raw/framer.ts';
export { RawStreamReader, readRawRecords, decodeRawBuffer } from './raw/stream.ts';
export type { RawByteSource, RawDecodeOptions, RawBufferDecodeResult } from './raw/stream.ts';
export { RawWriter, encodeRawStream } from './raw/writer.ts';
export type { RawSink, RawWriterOptions } from './raw/writer.ts';

// --- setups
export { MATERIAL_NAMES, material, isMaterialName } from './setup/materials.ts';
export type { Material, MaterialName } from './setup/materials.ts';
export { setupSchema, ELEMENT_KINDS, DIGITIZER_KINDS, MAX_SOURCE_ID, FIRST_MULTIPLEXER_ID } from './setup/schema.ts';
export type {
  Setup,
  SetupInput,
  SetupElement,
  ElementKind,
  Beam,
  MaterialBlock,
  Segmentation,
  CellSegmentation,
  PlaneSegmentation,
  TubeSegmentation,
  StripPlane,
  TubePlane,
  MagneticField,
  Readout,
  DigitizerKind,
  ChannelMap,
  ChannelMapRule,
  ChannelMapEntry,
  CellCalibration,
  ApvCalibration,
  TdcCalibration,
} from './setup/schema.ts';
export { validateSetup, parseSetup, checkSetup } from './setup/validate.ts';
export type { SetupValidation } from './setup/validate.ts';
export { getSetup, listSetups, bundledSetupIds, bundledSetupDocument, isBundledSetup } from './setup/registry.ts';
export type { SetupSummary } from './setup/registry.ts';
export {
  DIGITIZER_LIMITS,
  channelKey,
  expandChannelMap,
  expandChannelMapChecked,
  checkChannelMaps,
  buildChannelIndex,
} from './setup/channel-map.ts';
export type { ChannelTarget, MappedChannel, ChannelIndex } from './setup/channel-map.ts';
export { calibrationForRun, checkCalibrations } from './setup/calibration.ts';
export type {
  CalibrationTable,
  CellCalibrationTable,
  StripCalibrationTable,
  TubeCalibrationTable,
} from './setup/calibration.ts';
export {
  elementBox,
  elementZRange,
  elementContains,
  elementAt,
  getElement,
  detectorName,
  samplingLayers,
  materialTotals,
  sectionMaterialTotals,
  cellSegmentation,
  cellCount,
  channelCount,
  cellId,
  cellFromId,
  readoutIndex,
  sectionZRange,
  cellCenter,
  cellSize,
  cellAt,
  getPlane,
  planePitch,
  planeAngle,
  planeZ,
  stripCoordinate,
  stripAt,
  measuredCoordinate,
  stripSegment,
} from './setup/geometry.ts';
export type { Vec3, CellIndex, Box, SamplingLayer, MaterialTotals } from './setup/geometry.ts';
export {
  GEV_PER_TESLA_METRE,
  fieldIntegral,
  totalFieldIntegral,
  bendAngle,
  traceTrack,
  interpolate as interpolateTrack,
} from './setup/track.ts';
export type { TrackPoint, TraceOptions, TrackCrossing, TraceResult } from './setup/track.ts';
