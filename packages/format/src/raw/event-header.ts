// Event header of both generations: the "new" 17-word DATE header and the older 20-word one.
import {
  RAW_HEADER_LENGTH_NEW,
  RAW_HEADER_LENGTH_OLD,
  RAW_HEADER_VERSION_NEW,
  RAW_HEADER_VERSION_OLD,
  RAW_EVENT_TYPE,
  RAW_MAGIC,
  isRawEventType,
} from './constants.ts';
import type { RawEventType } from './constants.ts';
import type { RawEventHeader } from './types.ts';
import { checkField } from './words.ts';

export function isSupportedHeaderLength(n: number): boolean {
  return n === RAW_HEADER_LENGTH_NEW || n === RAW_HEADER_LENGTH_OLD;
}

/** Decode the header from host-order words (w[0] = size, w[1] = magic). Throws on an impossible header. */
export function decodeEventHeader(w: Uint32Array): RawEventHeader {
  const headerLength = w[2];
  const type = w[4];
  if (!isSupportedHeaderLength(headerLength)) throw new Error(`unsupported header length ${headerLength}`);
  if (!isRawEventType(type)) throw new Error(`unknown event type ${type}`);
  if (headerLength === RAW_HEADER_LENGTH_NEW) {
    return {
      headerLength,
      headerVersion: w[3],
      type,
      run: w[5],
      eventInRun: w[6],
      spill: w[7] >>> 20,
      eventInSpill: w[7] & 0xfffff,
      triggerPattern: [w[8], w[9]],
      detectorPattern: w[10],
      typeAttributes: [w[11], w[12], w[13]],
      ldcId: w[14],
      gdcId: w[15],
      time: w[16],
    };
  }
  return {
    headerLength,
    headerVersion: w[3],
    type,
    run: w[5],
    eventInRun: w[6],
    spill: w[7],
    eventInSpill: w[8],
    triggerPattern: [w[9], w[10]],
    detectorPattern: w[11],
    typeAttributes: [w[12], w[13], w[14]],
    ldcId: w[15],
    gdcId: w[16],
    time: w[17],
  };
}

/** Write the header words (host order) at w[at..at + headerLength/4) with the given total event size. */
export function encodeEventHeader(h: RawEventHeader, eventSize: number, w: Uint32Array, at = 0): void {
  if (!isSupportedHeaderLength(h.headerLength)) {
    throw new RangeError(`raw encode: header length ${h.headerLength} (expected 68 or 80)`);
  }
  if (!isRawEventType(h.type)) throw new RangeError(`raw encode: event type ${h.type}`);
  checkField('headerVersion', h.headerVersion, 32);
  checkField('run', h.run, 32);
  checkField('eventInRun', h.eventInRun, 32);
  checkField('triggerPattern[0]', h.triggerPattern[0], 32);
  checkField('triggerPattern[1]', h.triggerPattern[1], 32);
  checkField('detectorPattern', h.detectorPattern, 32);
  checkField('typeAttributes[0]', h.typeAttributes[0], 32);
  checkField('typeAttributes[1]', h.typeAttributes[1], 32);
  checkField('typeAttributes[2]', h.typeAttributes[2], 32);
  checkField('ldcId', h.ldcId, 32);
  checkField('gdcId', h.gdcId, 32);
  checkField('time', h.time, 32);
  w[at] = eventSize;
  w[at + 1] = RAW_MAGIC;
  w[at + 2] = h.headerLength;
  w[at + 3] = h.headerVersion;
  w[at + 4] = h.type;
  w[at + 5] = h.run;
  w[at + 6] = h.eventInRun;
  if (h.headerLength === RAW_HEADER_LENGTH_NEW) {
    checkField('spill', h.spill, 12);
    checkField('eventInSpill', h.eventInSpill, 20);
    w[at + 7] = ((h.spill << 20) | h.eventInSpill) >>> 0;
    w[at + 8] = h.triggerPattern[0];
    w[at + 9] = h.triggerPattern[1];
    w[at + 10] = h.detectorPattern;
    w[at + 11] = h.typeAttributes[0];
    w[at + 12] = h.typeAttributes[1];
    w[at + 13] = h.typeAttributes[2];
    w[at + 14] = h.ldcId;
    w[at + 15] = h.gdcId;
    w[at + 16] = h.time;
  } else {
    checkField('spill', h.spill, 32);
    checkField('eventInSpill', h.eventInSpill, 32);
    w[at + 7] = h.spill;
    w[at + 8] = h.eventInSpill;
    w[at + 9] = h.triggerPattern[0];
    w[at + 10] = h.triggerPattern[1];
    w[at + 11] = h.detectorPattern;
    w[at + 12] = h.typeAttributes[0];
    w[at + 13] = h.typeAttributes[1];
    w[at + 14] = h.typeAttributes[2];
    w[at + 15] = h.ldcId;
    w[at + 16] = h.gdcId;
    w[at + 17] = h.time;
    w[at + 18] = 0;
    w[at + 19] = 0;
  }
}

/** A header with defaults for everything not given (new generation, PHYSICS, zeros). */
export function rawEventHeader(fields: Partial<RawEventHeader> & { generation?: 'new' | 'old' } = {}): RawEventHeader {
  const { generation, ...rest } = fields;
  const old = generation === 'old' || rest.headerLength === RAW_HEADER_LENGTH_OLD;
  return {
    headerLength: old ? RAW_HEADER_LENGTH_OLD : RAW_HEADER_LENGTH_NEW,
    headerVersion: old ? RAW_HEADER_VERSION_OLD : RAW_HEADER_VERSION_NEW,
    type: RAW_EVENT_TYPE.PHYSICS as RawEventType,
    run: 0,
    eventInRun: 0,
    spill: 0,
    eventInSpill: 0,
    triggerPattern: [0, 0],
    detectorPattern: 0,
    typeAttributes: [0, 0, 0],
    ldcId: 0,
    gdcId: 0,
    time: 0,
    ...rest,
  };
}
