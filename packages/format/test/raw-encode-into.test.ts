// encodeRawEventInto (the entry point of @na64/format/raw that writes into a caller's buffer)
// gives exactly the bytes of encodeRawEvent, and touches nothing outside the event's words.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeRawEvent, rawEventByteLength } from '@na64/format';
import type { RawEvent } from '@na64/format';
import { encodeRawEventInto, swapWordsInPlace } from '@na64/format/raw';
import { arbEvent, seededRun } from './raw-helpers.ts';

const SENTINEL = 0xdeadbeef;

/** The event written at word `at` of a sentinel-filled buffer with `tail` spare words, as bytes in its order. */
function encodedInto(event: RawEvent, at: number, tail: number): { bytes: Uint8Array; out: Uint32Array; n: number } {
  const words = rawEventByteLength(event) / 4;
  const out = new Uint32Array(at + words + tail).fill(SENTINEL);
  const n = encodeRawEventInto(event, out, at);
  const copy = out.slice(at, at + n);
  if (event.byteOrder === 'big') swapWordsInPlace(copy);
  return { bytes: new Uint8Array(copy.buffer), out, n };
}

describe('encodeRawEventInto', () => {
  it('writes the bytes of encodeRawEvent for random events at any word offset', () => {
    fc.assert(
      fc.property(arbEvent(), fc.nat(40), fc.nat(8), (event, at, tail) => {
        const { bytes, out, n } = encodedInto(event, at, tail);
        expect(n).toBe(rawEventByteLength(event) / 4);
        expect(bytes).toEqual(encodeRawEvent(event));
        for (let i = 0; i < at; i++) expect(out[i]).toBe(SENTINEL);
        for (let i = at + n; i < out.length; i++) expect(out[i]).toBe(SENTINEL);
      }),
      { numRuns: 300 },
    );
  });

  it('writes the bytes of encodeRawEvent for seeded runs of both header generations', () => {
    for (const generation of ['new', 'old'] as const) {
      for (const event of seededRun(11, 20, { generation })) {
        expect(encodedInto(event, 5, 0).bytes).toEqual(encodeRawEvent(event));
      }
    }
  });

  it('events written back to back form the stream of the single-event encoder', () => {
    const events = seededRun(3, 30);
    const total = events.reduce((s, e) => s + rawEventByteLength(e) / 4, 0);
    const out = new Uint32Array(total);
    let at = 0;
    for (const e of events) at += encodeRawEventInto(e, out, at);
    expect(at).toBe(total);
    const expected = new Uint8Array(4 * total);
    let pos = 0;
    for (const e of events) {
      const b = encodeRawEvent(e);
      expected.set(b, pos);
      pos += b.length;
    }
    expect(new Uint8Array(out.buffer)).toEqual(expected);
  });

  it('refuses an event that does not fit, before writing anything', () => {
    const [event] = seededRun(1, 1).slice(1);
    const words = rawEventByteLength(event) / 4;
    const out = new Uint32Array(words + 2).fill(SENTINEL);
    expect(() => encodeRawEventInto(event, out, 3)).toThrow(RangeError);
    expect(() => encodeRawEventInto(event, out, -1)).toThrow(RangeError);
    expect(out.every((w) => w === SENTINEL)).toBe(true);
    expect(encodeRawEventInto(event, out, 2)).toBe(words);
  });
});
