// One conformance suite run against every payload codec.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PayloadError, RAW_PAYLOAD_CODECS, encodePayload, msadcPayload, payloadContext } from '@na64/format';
import type { PayloadCodec, PayloadKind, RawPayload } from '@na64/format';
import { arbPayloadOfKind } from './raw-helpers.ts';

/** Per kind, a payload with a value too wide for its field (raw words have no fields). */
const TOO_WIDE: Partial<Record<PayloadKind, RawPayload>> = {
  msadc: msadcPayload([{ event: 1, adcId: 4, port: 0, channels: [] }]),
  apv: { kind: 'apv', adcs: [{ adcId: 1, tripleFrame: false, sparse: true, pedestalSubtracted: false, commonModeCorrected: false, timeTag: 0, chips: [{ chipId: 1, event: 1, channels: Uint8Array.of(128), frames: Uint16Array.of(0) }] }] },
  tdc: { kind: 'tdc', time: Uint16Array.of(1), channel: Uint8Array.of(64), port: Uint8Array.of(0) },
  scaler: { kind: 'scaler', counts: new Uint32Array(0x10000) },
};

const KINDS = Object.keys(RAW_PAYLOAD_CODECS) as PayloadKind[];

/** Decode, or PayloadError; any other exception fails the test. */
function tryDecode(codec: PayloadCodec, words: Uint32Array): RawPayload | PayloadError {
  try {
    return codec.decode(words, payloadContext());
  } catch (e) {
    if (e instanceof PayloadError) return e;
    throw e;
  }
}

describe('payload codec conformance', () => {
  it('covers every payload kind', () => {
    expect(KINDS.sort()).toEqual(['apv', 'msadc', 'raw', 'scaler', 'tdc']);
  });

  for (const kind of KINDS) {
    const codec = RAW_PAYLOAD_CODECS[kind];
    describe(kind, () => {
      it('declares its kind', () => {
        expect(codec.kind).toBe(kind);
      });

      it('encode -> decode is identity and wordCount matches', () => {
        fc.assert(
          fc.property(arbPayloadOfKind(kind, 0), (p) => {
            const words = encodePayload(codec, p);
            expect(codec.wordCount(p)).toBe(words.length);
            const ctx = payloadContext();
            expect(codec.decode(words, ctx)).toEqual(p);
            expect(ctx.notes).toEqual([]);
          }),
          { numRuns: 150 },
        );
      });

      it('encodeInto writes at the offset and nowhere else', () => {
        fc.assert(
          fc.property(arbPayloadOfKind(kind, 0), fc.integer({ min: 0, max: 5 }), (p, at) => {
            const n = codec.wordCount(p);
            const out = new Uint32Array(at + n + 3).fill(0xdeadbeef);
            expect(codec.encodeInto(p, out, at)).toBe(n);
            expect(Array.from(out.subarray(0, at)).every((w) => w === 0xdeadbeef)).toBe(true);
            expect(Array.from(out.subarray(at + n)).every((w) => w === 0xdeadbeef)).toBe(true);
            expect(out.subarray(at, at + n)).toEqual(encodePayload(codec, p));
          }),
          { numRuns: 50 },
        );
      });

      it('decodes only the words it is given and copies what it keeps', () => {
        fc.assert(
          fc.property(arbPayloadOfKind(kind, 0), (p) => {
            const words = encodePayload(codec, p);
            const big = new Uint32Array(words.length + 4).fill(0xffffffff);
            big.set(words, 2);
            const view = big.subarray(2, 2 + words.length);
            const decoded = codec.decode(view, payloadContext());
            big.fill(0x12345678);
            expect(decoded).toEqual(p);
          }),
          { numRuns: 50 },
        );
      });

      it('damaged or random words: PayloadError or a canonical payload that re-encodes to the same words', () => {
        const damaged = fc
          .tuple(arbPayloadOfKind(kind, 0), fc.nat(), fc.integer({ min: 0, max: 31 }), fc.constantFrom('flip', 'cut', 'extra'))
          .map(([p, i, bit, how]) => {
            const w = Array.from(encodePayload(codec, p));
            if (how === 'cut') return Uint32Array.from(w.slice(0, w.length ? i % w.length : 0));
            if (how === 'extra') return Uint32Array.from([...w, (i * 2654435761) >>> 0]);
            if (w.length) w[i % w.length] = (w[i % w.length] ^ (1 << bit)) >>> 0;
            return Uint32Array.from(w);
          });
        const random = fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 30 }).map((a) => Uint32Array.from(a));
        let errors = 0;
        fc.assert(
          fc.property(fc.oneof(damaged, random), (words) => {
            const r = tryDecode(codec, words);
            if (r instanceof PayloadError) {
              errors++;
              expect(r.wordIndex).toBeGreaterThanOrEqual(0);
              expect(r.wordIndex).toBeLessThanOrEqual(words.length);
              return;
            }
            expect(encodePayload(codec, r as never)).toEqual(words);
          }),
          { numRuns: 300 },
        );
        // Every structured layout rejects some damage; raw words accept anything.
        if (kind === 'raw') expect(errors).toBe(0);
        else expect(errors).toBeGreaterThan(0);
      });

      const bad = TOO_WIDE[kind];
      if (bad) {
        it('encoding rejects values that do not fit their bit fields', () => {
          expect(() => encodePayload(codec, bad)).toThrow(RangeError);
        });
      }
    });
  }
});
