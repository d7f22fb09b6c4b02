// @na64/format/raw: the raw DAQ codec, setup types and helpers on a validated setup, and the
// digitization conventions, without Arrow, Parquet or the bundled setups: what a simulating or
// decoding worker thread needs, quick to load. The main entry re-exports all of it.

// --- raw codec (with the word-level writers for direct encoding)
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
  HOST_LITTLE_ENDIAN,
  SLINK_HEADER_WORDS,
  EQUIPMENT_HEADER_BYTES,
} from './constants.ts';
export { swapWordsInPlace } from './words.ts';
export type { RawEventType } from './constants.ts';
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
} from './types.ts';
export { rawEventHeader, encodeEventHeader } from './event-header.ts';
export { slinkHeader, encodeSLink, packSLink, encodeEquipmentHeader, packEquipmentHeader } from './slink.ts';
export type { EquipmentHeaderFields } from './slink.ts';
export { PayloadError, encodePayload, payloadContext } from './payload-codec.ts';
export type { PayloadCodec, PayloadContext } from './payload-codec.ts';
export { RAW_PAYLOAD_CODECS, sourceKind } from './codecs.ts';
export { rawWordsCodec } from './raw-words.ts';
export { msadcCodec, msadcPayload, msadcChannels, msadcBlockHeaderWord, writeMsadcChannel } from './msadc.ts';
export type { MsadcChannelInput, MsadcBlockInput, MsadcChannelView } from './msadc.ts';
export { apvCodec, apvFrames, APV_CHANNELS_PER_CHIP, apvAdcHeaderWord, apvChipHeaderWord, apvFrameWord } from './apv.ts';
export { tdcCodec, tdcPayload, tdcHitWord } from './tdc.ts';
export { scalerCodec, scalerPayload, namedScalers, findScalers, SCALER_NAMES, SCALER_MARKER } from './scaler.ts';
export type { ScalerName } from './scaler.ts';
export { decodeRawEvent, encodeRawEvent, encodeRawEventInto, encodeRawEventWords, rawEventByteLength } from './event-codec.ts';
export type { RawEventDecodeResult, RawEventDecodeOptions } from './event-codec.ts';
export { RawFramer } from './framer.ts';
export type { RawFramerOptions } from './framer.ts';
export { RawStreamReader, readRawRecords, decodeRawBuffer } from './stream.ts';
export type { RawByteSource, RawDecodeOptions, RawBufferDecodeResult } from './stream.ts';
export { RawWriter, encodeRawStream } from './writer.ts';
export type { RawSink, RawWriterOptions } from './writer.ts';

// --- digitization conventions shared by simulation and reconstruction
export { STRAW_T0_NS } from '../digitization/straw-tdc.ts';
export { msadcPulseTemplate, MSADC_SAMPLE_NS, MSADC_SAMPLES, MSADC_PULSE_TAU_NS, MSADC_PULSE_START_NS, MSADC_PULSE_PEAK_NS, MSADC_MAX_COUNT } from '../digitization/msadc-pulse.ts';

// --- setups (types and helpers on an already validated setup; parsing and the bundled setups are in
// the main entry)
export { MATERIAL_NAMES, material, isMaterialName } from '../setup/materials.ts';
export type { Material, MaterialName } from '../setup/materials.ts';
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
} from '../setup/schema.ts';
export {
  DIGITIZER_LIMITS,
  channelKey,
  expandChannelMap,
  expandChannelMapChecked,
  checkChannelMaps,
  buildChannelIndex,
} from '../setup/channel-map.ts';
export type { ChannelTarget, MappedChannel, ChannelIndex } from '../setup/channel-map.ts';
export { calibrationForRun, checkCalibrations } from '../setup/calibration.ts';
export type {
  CalibrationTable,
  CellCalibrationTable,
  StripCalibrationTable,
  TubeCalibrationTable,
} from '../setup/calibration.ts';
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
} from '../setup/geometry.ts';
export type { Vec3, CellIndex, Box, SamplingLayer, MaterialTotals } from '../setup/geometry.ts';
export {
  GEV_PER_TESLA_METRE,
  fieldIntegral,
  totalFieldIntegral,
  bendAngle,
  traceTrack,
  interpolate as interpolateTrack,
} from '../setup/track.ts';
export type { TrackPoint, TraceOptions, TrackCrossing, TraceResult } from '../setup/track.ts';
