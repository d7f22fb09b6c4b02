// Constants of the DATE / COMPASS raw event layout (see RAW.md for the byte tables).

/** Event magic word 0xDA1E5AFE; read as 0xFE5A1EDA it means the other byte order. */
export const RAW_MAGIC = 0xda1e5afe;
/** The magic word as read with the wrong byte order. */
export const RAW_MAGIC_SWAPPED = 0xfe5a1eda;

/** "New" DATE event header: 17 words. */
export const RAW_HEADER_LENGTH_NEW = 68;
/** Older event header: 20 words (layout in RAW.md). */
export const RAW_HEADER_LENGTH_OLD = 80;
/** Default header version words written by the encoder helpers (DATE 3.x style major<<16 | minor). */
export const RAW_HEADER_VERSION_NEW = 0x0003000e;
export const RAW_HEADER_VERSION_OLD = 0x00030008;

/** Event types carried in the event header. */
export const RAW_EVENT_TYPE = {
  SOR: 1,
  EOR: 2,
  SOB: 5,
  EOB: 6,
  PHYSICS: 7,
  CALIBRATION: 8,
} as const;
export type RawEventType = (typeof RAW_EVENT_TYPE)[keyof typeof RAW_EVENT_TYPE];

export function isRawEventType(t: number): t is RawEventType {
  return t === 1 || t === 2 || t === 5 || t === 6 || t === 7 || t === 8;
}

/** Equipment header length in bytes (7 words). */
export const EQUIPMENT_HEADER_BYTES = 28;
/** S-Link header length in 32-bit words. */
export const SLINK_HEADER_WORDS = 3;

/** Source ids 896..1023 are multiplexers whose payload is a sequence of sub-S-Link blocks. */
export const MUX_SOURCE_ID_MIN = 896;
export const MUX_SOURCE_ID_MAX = 1023;
export function isMuxSourceId(id: number): boolean {
  return id >= MUX_SOURCE_ID_MIN && id <= MUX_SOURCE_ID_MAX;
}

/** Conventional source id of the scaler (beam counter / EOT) equipment in EOB events. */
export const SCALER_SOURCE_ID = 127;

/** Default upper bound of one event in bytes; larger size fields are treated as corrupt. */
export const DEFAULT_MAX_EVENT_BYTES = 64 * 1024 * 1024;

/** True when this machine stores 32-bit words little-endian (every current JS host). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
