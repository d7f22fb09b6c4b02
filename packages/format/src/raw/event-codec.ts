// One event: bytes <-> RawEvent. The structure check (equipment sizes add up) decides whether an
// event is usable at all; problems below that level keep the event and are reported with it.
import {
  EQUIPMENT_HEADER_BYTES,
  RAW_MAGIC,
  RAW_MAGIC_SWAPPED,
  SLINK_HEADER_WORDS,
  isMuxSourceId,
} from './constants.ts';
import { codecFor, sourceKind } from './codecs.ts';
import { decodeEventHeader, encodeEventHeader, isSupportedHeaderLength } from './event-header.ts';
import { PayloadError } from './payload-codec.ts';
import type { PayloadContext } from './payload-codec.ts';
import { decodeSLink, encodeEquipmentHeader, encodeSLink } from './slink.ts';
import type {
  MuxBlock,
  RawByteOrder,
  RawEquipment,
  RawEvent,
  RawEventHeader,
  RawEventKey,
  RawPayload,
  RawProblem,
  RawProblemReason,
  SLinkHeader,
  SourceKinds,
} from './types.ts';
import { readWord, wordsAt, wordsToBytes } from './words.ts';

const EQ_WORDS = EQUIPMENT_HEADER_BYTES / 4;

export interface RawEventDecodeOptions {
  /** Payload kind per source id; unknown sources are kept as raw words. */
  sourceKinds?: SourceKinds;
}

export type RawEventDecodeResult =
  | { ok: true; event: RawEvent; problems: RawProblem[] }
  | { ok: false; reason: RawProblemReason; message: string; eventKey?: RawEventKey };

/** Byte order of an event whose magic word is at bytes[pos + 4], or undefined without magic. */
export function byteOrderAt(bytes: Uint8Array, pos: number): RawByteOrder | undefined {
  const m = readWord(bytes, pos + 4, true);
  if (m === RAW_MAGIC) return 'little';
  if (m === RAW_MAGIC_SWAPPED) return 'big';
  return undefined;
}

export function eventKeyOf(h: RawEventHeader): RawEventKey {
  return { run: h.run, spill: h.spill, eventInSpill: h.eventInSpill };
}

/**
 * Word index of an event header found where an equipment should start (magic word and a valid
 * header length), or undefined: a damaged size word made the event swallow the events after it.
 */
export function eventHeaderInside(w: Uint32Array, headerWords: number): number | undefined {
  for (let pos = headerWords; pos + 2 < w.length; ) {
    if (w[pos + 1] === RAW_MAGIC && isSupportedHeaderLength(w[pos + 2])) return pos;
    const words = w[pos] / 4;
    if (!Number.isInteger(words) || words === 0) return undefined;
    pos += words;
  }
  return undefined;
}

/** Check that the equipment sizes tile the event exactly; returns an error message or undefined. */
export function checkEquipmentStructure(w: Uint32Array, headerWords: number): string | undefined {
  let pos = headerWords;
  const total = w.length;
  while (pos < total) {
    if (pos + EQ_WORDS + SLINK_HEADER_WORDS > total) {
      return `equipment at word ${pos} leaves ${total - pos} words, less than its headers`;
    }
    const size = w[pos];
    if (size % 4 !== 0 || size < EQUIPMENT_HEADER_BYTES + 4 * SLINK_HEADER_WORDS) {
      return `equipment at word ${pos} has size ${size}`;
    }
    if (pos + size / 4 > total) return `equipment at word ${pos} with size ${size} runs past the event`;
    pos += size / 4;
  }
  return undefined;
}

/**
 * Decode one whole event from host-order words `w` (w[0] = size). `byteOffset` is where the event
 * starts in the stream (for problem offsets).
 */
export function decodeEventWords(
  w: Uint32Array,
  byteOrder: RawByteOrder,
  byteOffset: number,
  options: RawEventDecodeOptions = {},
): RawEventDecodeResult {
  let header: RawEventHeader;
  try {
    header = decodeEventHeader(w);
  } catch (e) {
    return { ok: false, reason: 'bad-header', message: (e as Error).message };
  }
  const eventKey = eventKeyOf(header);
  const structure = checkEquipmentStructure(w, header.headerLength / 4);
  if (structure) return { ok: false, reason: 'bad-structure', message: structure, eventKey };

  const problems: RawProblem[] = [];
  const report = (reason: RawProblemReason, wordIndex: number, message: string): void => {
    problems.push({ byteOffset: byteOffset + 4 * wordIndex, reason, message, skippedBytes: 0, eventKey });
  };
  const evNum = header.eventInSpill & 0xfffff;
  const spill11 = header.spill & 0x7ff;
  const checkSLink = (s: SLinkHeader, wordIndex: number): void => {
    if (s.eventNumber !== evNum || s.spill !== spill11) {
      report(
        'event-number-mismatch',
        wordIndex,
        `S-Link of source ${s.sourceId}: event ${s.eventNumber} spill ${s.spill}, header: event ${evNum} spill ${spill11}`,
      );
    }
  };
  const decodePayload = (sourceId: number, words: Uint32Array, wordIndex: number): RawPayload => {
    const kind = sourceKind(options.sourceKinds, sourceId);
    if (kind === 'raw') return { kind: 'raw', words: words.slice() };
    let noted = false;
    const ctx: PayloadContext = {
      sourceId,
      eventInSpill: header.eventInSpill,
      spill: header.spill,
      note: (reason, message) => {
        if (!noted) report(reason, wordIndex, `source ${sourceId}: ${message}`);
        noted = true;
      },
    };
    try {
      return codecFor(kind).decode(words, ctx) as RawPayload;
    } catch (e) {
      const at = e instanceof PayloadError ? wordIndex + e.wordIndex : wordIndex;
      report('payload', at, `source ${sourceId} (${kind}): ${(e as Error).message}; kept as raw words`);
      return { kind: 'raw', words: words.slice() };
    }
  };

  const equipments: RawEquipment[] = [];
  let pos = header.headerLength / 4;
  while (pos < w.length) {
    const eqWords = w[pos] / 4;
    const s = pos + EQ_WORDS;
    const { slink, sizeWords } = decodeSLink(w[s], w[s + 1], w[s + 2]);
    checkSLink(slink, s);
    const pStart = s + SLINK_HEADER_WORDS;
    const pWords = w.subarray(pStart, pos + eqWords);
    let payload: RawPayload;
    if (sizeWords !== eqWords - EQ_WORDS) {
      report('slink-size', s, `S-Link size ${sizeWords} words, equipment holds ${eqWords - EQ_WORDS}; payload kept as raw words`);
      payload = { kind: 'raw', words: pWords.slice() };
    } else if (isMuxSourceId(slink.sourceId)) {
      payload = decodeMux(pWords, pStart);
    } else {
      payload = decodePayload(slink.sourceId, pWords, pStart);
    }
    equipments.push({
      equipmentId: w[pos + 2],
      type: w[pos + 1],
      attributes: [w[pos + 3], w[pos + 4], w[pos + 5]],
      basicElementSize: w[pos + 6],
      slink,
      payload,
    });
    pos += eqWords;
  }
  return { ok: true, event: { byteOrder, header, equipments }, problems };

  function decodeMux(words: Uint32Array, wordIndex: number): RawPayload {
    let q = 0;
    let bad: string | undefined;
    while (q < words.length) {
      const size = q + SLINK_HEADER_WORDS <= words.length ? words[q] & 0xffff : 0;
      if (size < SLINK_HEADER_WORDS || q + size > words.length) {
        bad = `sub-block at word ${q} of ${words.length} has size ${size}`;
        break;
      }
      q += size;
    }
    if (bad) {
      report('mux-size-sum', wordIndex, `multiplexer sub-block sizes do not add up: ${bad}; kept as raw words`);
      return { kind: 'raw', words: words.slice() };
    }
    const blocks: MuxBlock[] = [];
    q = 0;
    while (q < words.length) {
      const { slink, sizeWords } = decodeSLink(words[q], words[q + 1], words[q + 2]);
      checkSLink(slink, wordIndex + q);
      const sub = words.subarray(q + SLINK_HEADER_WORDS, q + sizeWords);
      const payload = isMuxSourceId(slink.sourceId)
        ? ({ kind: 'raw', words: sub.slice() } as RawPayload)
        : decodePayload(slink.sourceId, sub, wordIndex + q + SLINK_HEADER_WORDS);
      blocks.push({ slink, payload });
      q += sizeWords;
    }
    return { kind: 'mux', blocks };
  }
}

/**
 * Decode one event from `bytes` starting at `pos` (the whole event must be there). For single
 * events; streams go through `RawFramer` / `readRawRecords`.
 */
export function decodeRawEvent(bytes: Uint8Array, options: RawEventDecodeOptions & { byteOffset?: number } = {}): RawEventDecodeResult {
  const order = byteOrderAt(bytes, 0);
  if (bytes.length < 12 || !order) return { ok: false, reason: 'bad-magic', message: 'no event magic at offset 0' };
  const size = readWord(bytes, 0, order === 'little');
  if (size % 4 !== 0 || size < 12) return { ok: false, reason: 'bad-header', message: `event size ${size}` };
  if (size > bytes.length) return { ok: false, reason: 'truncated', message: `event size ${size} > ${bytes.length} bytes` };
  const headerLength = readWord(bytes, 8, order === 'little');
  if (headerLength > size) return { ok: false, reason: 'bad-header', message: `header length ${headerLength} > size ${size}` };
  return decodeEventWords(wordsAt(bytes, 0, size / 4, order), order, options.byteOffset ?? 0, options);
}

function payloadWordCount(p: RawPayload): number {
  if (p.kind === 'mux') {
    let n = 0;
    for (const b of p.blocks) n += SLINK_HEADER_WORDS + payloadWordCount(b.payload);
    return n;
  }
  return codecFor(p.kind).wordCount(p);
}

function encodePayloadInto(p: RawPayload, out: Uint32Array, at: number): number {
  if (p.kind !== 'mux') return codecFor(p.kind).encodeInto(p, out, at);
  const start = at;
  for (const b of p.blocks) {
    if (b.payload.kind === 'mux') throw new RangeError('raw encode: nested multiplexers are not supported');
    const n = encodePayloadInto(b.payload, out, at + SLINK_HEADER_WORDS);
    encodeSLink(b.slink, SLINK_HEADER_WORDS + n, out, at);
    at += SLINK_HEADER_WORDS + n;
  }
  return at - start;
}

/** Number of bytes `encodeRawEvent` produces for this event. */
export function rawEventByteLength(event: RawEvent): number {
  let words = event.header.headerLength / 4;
  for (const eq of event.equipments) words += EQ_WORDS + SLINK_HEADER_WORDS + payloadWordCount(eq.payload);
  return 4 * words;
}

/**
 * Encode one event into `out` at word `atWord` (host order, sizes computed from the content) and
 * return the number of words written. Throws RangeError when the event does not fit in `out`.
 */
export function encodeRawEventInto(event: RawEvent, out: Uint32Array, atWord: number): number {
  const size = rawEventByteLength(event);
  if (!Number.isInteger(atWord) || atWord < 0 || atWord + size / 4 > out.length) {
    throw new RangeError(`raw encode: event of ${size / 4} words does not fit at word ${atWord} of ${out.length}`);
  }
  encodeSizedEvent(event, size, out, atWord);
  return size / 4;
}

function encodeSizedEvent(event: RawEvent, size: number, out: Uint32Array, atWord: number): void {
  encodeEventHeader(event.header, size, out, atWord);
  let pos = atWord + event.header.headerLength / 4;
  for (const eq of event.equipments) {
    if (eq.payload.kind === 'mux' && !isMuxSourceId(eq.slink.sourceId)) {
      throw new RangeError(`raw encode: multiplexer payload on non-multiplexer source ${eq.slink.sourceId}`);
    }
    const n = encodePayloadInto(eq.payload, out, pos + EQ_WORDS + SLINK_HEADER_WORDS);
    const eqWords = EQ_WORDS + SLINK_HEADER_WORDS + n;
    encodeEquipmentHeader(eq, eqWords, out, pos);
    encodeSLink(eq.slink, SLINK_HEADER_WORDS + n, out, pos + EQ_WORDS);
    pos += eqWords;
  }
}

/** Encode one event into fresh host-order words. */
export function encodeRawEventWords(event: RawEvent): Uint32Array {
  const size = rawEventByteLength(event);
  const w = new Uint32Array(size / 4);
  encodeSizedEvent(event, size, w, 0);
  return w;
}

/** Encode one event to bytes in `event.byteOrder` (or the given order). Exact inverse of decoding. */
export function encodeRawEvent(event: RawEvent, byteOrder: RawByteOrder = event.byteOrder): Uint8Array {
  return wordsToBytes(encodeRawEventWords(event), byteOrder);
}
