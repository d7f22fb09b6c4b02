// Equipment header (7 words) and S-Link header (3 words).
import type { RawEquipment, SLinkHeader } from './types.ts';
import { checkField } from './words.ts';

/** Decode the 3 S-Link header words; also returns the size field (words incl. these 3). */
export function decodeSLink(w0: number, w1: number, w2: number): { slink: SLinkHeader; sizeWords: number } {
  return {
    sizeWords: w0 & 0xffff,
    slink: {
      sourceId: (w0 >>> 16) & 0x3ff,
      eventType: (w0 >>> 26) & 0x1f,
      error: (w0 >>> 31) === 1,
      eventNumber: w1 & 0xfffff,
      spill: (w1 >>> 20) & 0x7ff,
      status: (w1 >>> 31) === 1,
      statusCode: w2 & 0xff,
      tcsError: (w2 >>> 8) & 0xff,
      errorCounter: (w2 >>> 16) & 0xff,
      format: w2 >>> 24,
    },
  };
}

/** Write the 3 S-Link header words at out[at..at+3). */
export function encodeSLink(s: SLinkHeader, sizeWords: number, out: Uint32Array, at: number): void {
  checkField('S-Link size (words)', sizeWords, 16);
  checkField('sourceId', s.sourceId, 10);
  checkField('S-Link eventType', s.eventType, 5);
  checkField('S-Link eventNumber', s.eventNumber, 20);
  checkField('S-Link spill', s.spill, 11);
  checkField('S-Link statusCode', s.statusCode, 8);
  checkField('S-Link tcsError', s.tcsError, 8);
  checkField('S-Link errorCounter', s.errorCounter, 8);
  checkField('S-Link format', s.format, 8);
  packSLink(s, sizeWords, out, at);
}

/** `encodeSLink` without the field checks (for writers whose fields fit by construction). */
export function packSLink(s: SLinkHeader, sizeWords: number, out: Uint32Array, at: number): void {
  out[at] = (sizeWords | (s.sourceId << 16) | (s.eventType << 26) | ((s.error ? 1 : 0) << 31)) >>> 0;
  out[at + 1] = (s.eventNumber | (s.spill << 20) | ((s.status ? 1 : 0) << 31)) >>> 0;
  out[at + 2] = (s.statusCode | (s.tcsError << 8) | (s.errorCounter << 16) | (s.format << 24)) >>> 0;
}

/** An S-Link header with defaults (event number / spill should match the event header). */
export function slinkHeader(fields: Partial<SLinkHeader> & { sourceId: number }): SLinkHeader {
  return {
    eventType: 0,
    error: false,
    eventNumber: 0,
    spill: 0,
    status: false,
    statusCode: 0,
    tcsError: 0,
    errorCounter: 0,
    format: 0,
    ...fields,
  };
}

/** The fields of the 7-word equipment header (its size word is computed from the payload). */
export type EquipmentHeaderFields = Pick<RawEquipment, 'equipmentId' | 'type' | 'attributes' | 'basicElementSize'>;

/** Write the equipment header at out[at..at+7); `eqWords` counts the whole equipment. */
export function encodeEquipmentHeader(eq: EquipmentHeaderFields, eqWords: number, out: Uint32Array, at: number): void {
  checkField('equipmentId', eq.equipmentId, 32);
  checkField('equipment type', eq.type, 32);
  checkField('basicElementSize', eq.basicElementSize, 32);
  for (const a of eq.attributes) checkField('equipment attribute', a, 32);
  packEquipmentHeader(eq, eqWords, out, at);
}

/** `encodeEquipmentHeader` without the field checks. */
export function packEquipmentHeader(eq: EquipmentHeaderFields, eqWords: number, out: Uint32Array, at: number): void {
  out[at] = 4 * eqWords;
  out[at + 1] = eq.type;
  out[at + 2] = eq.equipmentId;
  out[at + 3] = eq.attributes[0];
  out[at + 4] = eq.attributes[1];
  out[at + 5] = eq.attributes[2];
  out[at + 6] = eq.basicElementSize;
}
