// Typed data model of one raw DAQ event. Sizes (event, equipment, S-Link, block sizes) are not
// stored: they are derived from the content, checked by the decoder and computed by the encoder.
import type { RawEventType } from './constants.ts';

export type RawByteOrder = 'little' | 'big';

export interface RawEventHeader {
  /** 68 for the "new" 17-word header, 80 for the older 20-word header. */
  headerLength: number;
  headerVersion: number;
  type: RawEventType;
  run: number;
  eventInRun: number;
  /** 12 bits in the new header, 32 in the old one. */
  spill: number;
  /** 20 bits in the new header, 32 in the old one. */
  eventInSpill: number;
  triggerPattern: readonly [number, number];
  detectorPattern: number;
  typeAttributes: readonly [number, number, number];
  ldcId: number;
  gdcId: number;
  /** Unix time in seconds. */
  time: number;
}

/** The 3-word S-Link header in front of every equipment payload (and every multiplexer sub-block). */
export interface SLinkHeader {
  sourceId: number;
  eventType: number;
  error: boolean;
  /** Event number (20 bits); equals the event number in spill. */
  eventNumber: number;
  /** Spill (11 bits). */
  spill: number;
  status: boolean;
  /** Word 2: status byte, TCS error byte, error counter byte, format byte. */
  statusCode: number;
  tcsError: number;
  errorCounter: number;
  format: number;
}

export interface RawEquipment {
  equipmentId: number;
  type: number;
  attributes: readonly [number, number, number];
  basicElementSize: number;
  slink: SLinkHeader;
  payload: RawPayload;
}

export interface RawEvent {
  byteOrder: RawByteOrder;
  header: RawEventHeader;
  equipments: RawEquipment[];
}

export type PayloadKind = 'raw' | 'msadc' | 'apv' | 'tdc' | 'scaler';

/** Words kept as they are (unknown source id, or a payload its decoder rejected). */
export interface RawWordsPayload {
  kind: 'raw';
  words: Uint32Array;
}

/** One MSADC ADC block header (COMPASS data format 3). */
export interface MsadcBlock {
  /** Event number & 4095. */
  event: number;
  error: boolean;
  adcId: number;
  port: number;
  /** Index of this block's first channel in the payload's channel columns. */
  firstChannel: number;
  channelCount: number;
}

/**
 * MSADC payload in columnar form: per-channel columns of equal length, samples and tags flat.
 * Channel i has samples `samples.subarray(sampleStart[i], sampleStart[i + 1])` and one tag per
 * data word: `tags.subarray(tagStart[i], tagStart[i + 1])` (tagStart[i + 1] - tagStart[i] =
 * ceil(samples / 2)). `msadcChannels()` gives the same as objects.
 */
export interface MsadcPayload {
  kind: 'msadc';
  blocks: MsadcBlock[];
  channel: Uint8Array;
  sum: Uint16Array;
  sampleStart: Uint32Array;
  tagStart: Uint32Array;
  samples: Uint16Array;
  tags: Uint8Array;
}

export interface ApvChip {
  chipId: number;
  /** Event number & 4095. */
  event: number;
  /** Channel (0..127) of each entry; in non-sparse mode 0..127 in order. */
  channels: Uint8Array;
  /** Frames, `framesPerChannel` (3 when triple-frame, else 1) per channel entry, channel-major. */
  frames: Uint16Array;
}

export interface ApvAdc {
  adcId: number;
  tripleFrame: boolean;
  sparse: boolean;
  pedestalSubtracted: boolean;
  commonModeCorrected: boolean;
  timeTag: number;
  chips: ApvChip[];
}

export interface ApvPayload {
  kind: 'apv';
  adcs: ApvAdc[];
}

/** Straw TDC hits (F1-style words), columnar. */
export interface TdcPayload {
  kind: 'tdc';
  time: Uint16Array;
  channel: Uint8Array;
  port: Uint8Array;
}

/** Scaler block (EOB): counters by index; names in `SCALER_NAMES`. */
export interface ScalerPayload {
  kind: 'scaler';
  counts: Uint32Array;
}

export interface MuxBlock {
  slink: SLinkHeader;
  payload: RawPayload;
}

/** Multiplexer (source id 896..1023): sub-S-Link blocks. */
export interface MuxPayload {
  kind: 'mux';
  blocks: MuxBlock[];
}

export type RawPayload = RawWordsPayload | MsadcPayload | ApvPayload | TdcPayload | ScalerPayload | MuxPayload;

/** Which payload kind each source id carries. Unknown ids decode as raw words. */
export type SourceKinds = ReadonlyMap<number, PayloadKind> | Readonly<Record<number, PayloadKind>>;

export type RawProblemReason =
  /** Expected an event header, found no magic word (garbage or damaged header); bytes skipped. */
  | 'bad-magic'
  /** Magic found but header fields impossible (header length, type, size). */
  | 'bad-header'
  /** Event size runs past the end of the stream (truncated file or damaged size). */
  | 'truncated'
  /** Equipment sizes do not add up to the event size. */
  | 'bad-structure'
  /** S-Link block size disagrees with its equipment size (event kept, payload raw). */
  | 'slink-size'
  /** Multiplexer sub-block sizes do not add up (event kept, payload raw). */
  | 'mux-size-sum'
  /** Event number or spill in an S-Link header / payload differs from the event header (event kept). */
  | 'event-number-mismatch'
  /** Payload rejected by its decoder (event kept, payload raw). */
  | 'payload';

export interface RawEventKey {
  run: number;
  spill: number;
  eventInSpill: number;
}

export interface RawProblem {
  /** Offset in the stream where the problem starts. */
  byteOffset: number;
  reason: RawProblemReason;
  message: string;
  /** Bytes dropped because of this problem (0 when the event was kept). */
  skippedBytes: number;
  eventKey?: RawEventKey;
}

export interface RawEventRecord {
  kind: 'event';
  byteOffset: number;
  byteLength: number;
  event: RawEvent;
  /** Problems found inside this (kept) event; empty for an intact event. */
  problems: RawProblem[];
}

export interface RawProblemRecord {
  kind: 'problem';
  problem: RawProblem;
}

export type RawRecord = RawEventRecord | RawProblemRecord;

export interface RawDecodeSummary {
  bytesRead: number;
  /** Events without any problem. */
  eventsOk: number;
  /** Events kept but with problems inside (see RawProblemReason). */
  eventsDamaged: number;
  bytesSkipped: number;
  problems: number;
  problemsByReason: Partial<Record<RawProblemReason, number>>;
  /** bytesSkipped / bytesRead (0 for an empty stream). */
  lostFraction: number;
}
