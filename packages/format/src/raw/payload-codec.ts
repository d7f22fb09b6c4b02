// The one interface every payload decoder implements (one implementation per read-out kind).
import type { PayloadKind, RawPayload } from './types.ts';

/** What a payload decoder knows about the event around it. */
export interface PayloadContext {
  sourceId: number;
  /** Event number in spill from the event header (payload event fields are checked against it). */
  eventInSpill: number;
  spill: number;
  /** Report a non-fatal inconsistency; the payload is still decoded. */
  note(reason: 'event-number-mismatch', message: string): void;
}

/**
 * Decoder/encoder of one payload kind. `decode` gets the payload words in host order (after the
 * S-Link header) and throws `PayloadError` when they do not follow the layout; the words may be a
 * view into a reused buffer, so everything kept must be copied. `encodeInto` is the exact inverse.
 */
export interface PayloadCodec<P extends RawPayload = RawPayload> {
  readonly kind: PayloadKind;
  decode(words: Uint32Array, ctx: PayloadContext): P;
  /** Number of words `encodeInto` writes for this payload. */
  wordCount(payload: P): number;
  /** Write the payload at out[at..), return the number of words written. Throws RangeError on invalid input. */
  encodeInto(payload: P, out: Uint32Array, at: number): number;
}

/** A payload that does not follow its layout (caught by the event decoder, never thrown out of a stream). */
export class PayloadError extends Error {
  /** Word index inside the payload where decoding failed. */
  readonly wordIndex: number;
  constructor(message: string, wordIndex: number) {
    super(`${message} (payload word ${wordIndex})`);
    this.name = 'PayloadError';
    this.wordIndex = wordIndex;
  }
}

/** Encode one payload to fresh words. */
export function encodePayload<P extends RawPayload>(codec: PayloadCodec<P>, payload: P): Uint32Array {
  const out = new Uint32Array(codec.wordCount(payload));
  const n = codec.encodeInto(payload, out, 0);
  if (n !== out.length) throw new Error(`${codec.kind}: wordCount ${out.length} but wrote ${n} words`);
  return out;
}

/** A context for decoding a payload outside an event; mismatch notes are collected in `notes`. */
export function payloadContext(
  fields: Partial<Omit<PayloadContext, 'note'>> = {},
): PayloadContext & { notes: string[] } {
  const notes: string[] = [];
  return {
    sourceId: fields.sourceId ?? 0,
    eventInSpill: fields.eventInSpill ?? 0,
    spill: fields.spill ?? 0,
    notes,
    note: (_reason, message) => {
      notes.push(message);
    },
  };
}
