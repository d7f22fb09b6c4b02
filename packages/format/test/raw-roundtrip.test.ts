// Encode -> decode identity on random events (both header generations, both byte orders) and
// through the streaming reader / writer with arbitrary chunking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RawStreamReader, RawWriter, decodeRawBuffer, decodeRawEvent, encodeRawEvent, encodeRawStream, rawEventByteLength } from '@na64/format';
import type { RawEvent } from '@na64/format';
import { TEST_SOURCE_KINDS, arbEvent, seededRun } from './raw-helpers.ts';

function splitAt(bytes: Uint8Array, cuts: number[], misalign: boolean): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    if (p < prev) continue;
    const part = bytes.subarray(prev, p);
    if (misalign) {
      // Put the chunk at an odd byte offset of its ArrayBuffer.
      const host = new Uint8Array(part.length + 1);
      host.set(part, 1);
      chunks.push(host.subarray(1));
    } else chunks.push(part);
    prev = p;
  }
  return chunks;
}

describe('raw encode/decode identity', () => {
  it('decode(encode(event)) === event for random events', () => {
    const gens = new Set<string>();
    fc.assert(
      fc.property(arbEvent(), (ev) => {
        gens.add(`${ev.header.headerLength}/${ev.byteOrder}`);
        const bytes = encodeRawEvent(ev);
        expect(bytes.length).toBe(rawEventByteLength(ev));
        const r = decodeRawEvent(bytes, { sourceKinds: TEST_SOURCE_KINDS });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.problems).toEqual([]);
        expect(r.event).toEqual(ev);
        // and the bytes are reproduced exactly
        expect(encodeRawEvent(r.event)).toEqual(bytes);
      }),
      { numRuns: 250 },
    );
    expect([...gens].sort()).toEqual(['68/big', '68/little', '80/big', '80/little']);
  });

  it('streams of random events survive any chunking, aligned or not', () => {
    fc.assert(
      fc.property(fc.array(arbEvent(), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), (events, cuts, misalign) => {
        const bytes = encodeRawStream(events);
        const r = decodeRawBuffer(splitAt(bytes, cuts, misalign), { sourceKinds: TEST_SOURCE_KINDS });
        expect(r.problems).toEqual([]);
        expect(r.events.map((e) => e.event)).toEqual(events);
        let off = 0;
        for (const rec of r.events) {
          expect(rec.byteOffset).toBe(off);
          off += rec.byteLength;
        }
        expect(r.summary).toMatchObject({ bytesRead: bytes.length, eventsOk: events.length, bytesSkipped: 0, problems: 0, lostFraction: 0 });
      }),
      { numRuns: 80 },
    );
  });

  it('mixed generations and byte orders in one stream', () => {
    const events: RawEvent[] = [
      ...seededRun(1, 3, { generation: 'new', byteOrder: 'little' }),
      ...seededRun(2, 3, { generation: 'old', byteOrder: 'big' }),
      ...seededRun(3, 3, { generation: 'old', byteOrder: 'little' }),
      ...seededRun(4, 3, { generation: 'new', byteOrder: 'big' }),
    ];
    const r = decodeRawBuffer(encodeRawStream(events), { sourceKinds: TEST_SOURCE_KINDS });
    expect(r.problems).toEqual([]);
    expect(r.events.map((e) => e.event)).toEqual(events);
  });

  it('RawWriter chunks to a sink; RawStreamReader reads them back asynchronously', async () => {
    const events = seededRun(11, 30);
    const chunks: Uint8Array[] = [];
    const w = new RawWriter(async (c) => {
      await Promise.resolve();
      chunks.push(c.slice());
    }, { chunkBytes: 1000 });
    const offsets: number[] = [];
    for (const e of events) offsets.push(await w.write(e));
    await w.close();
    expect(chunks.length).toBeGreaterThan(3);
    const joined = Buffer.concat(chunks);
    expect(joined.equals(Buffer.from(encodeRawStream(events)))).toBe(true);
    expect(w.bytesWritten).toBe(joined.length);
    expect(w.eventsWritten).toBe(events.length);

    async function* source() {
      for (const c of chunks) yield c;
    }
    const reader = new RawStreamReader(source(), { sourceKinds: TEST_SOURCE_KINDS });
    const got: RawEvent[] = [];
    const gotOffsets: number[] = [];
    for await (const rec of reader) {
      got.push(rec.event);
      gotOffsets.push(rec.byteOffset);
    }
    expect(got).toEqual(events);
    expect(gotOffsets).toEqual(offsets);
    expect(reader.summary()).toMatchObject({ eventsOk: events.length, problems: 0, bytesRead: joined.length });
  });

  it('RawWriter can force one byte order for all events', async () => {
    const events = seededRun(5, 3, { byteOrder: 'little' });
    const chunks: Uint8Array[] = [];
    const w = new RawWriter((c) => void chunks.push(c), { byteOrder: 'big' });
    for (const e of events) await w.write(e);
    await w.close();
    const r = decodeRawBuffer(chunks, { sourceKinds: TEST_SOURCE_KINDS });
    expect(r.events.map((e) => e.event)).toEqual(events.map((e) => ({ ...e, byteOrder: 'big' })));
  });

  it('the encoder refuses values that do not fit the header fields', () => {
    const [ev] = seededRun(1, 0);
    expect(() => encodeRawEvent({ ...ev, header: { ...ev.header, spill: 4096 } })).toThrow(RangeError);
    expect(() => encodeRawEvent({ ...ev, header: { ...ev.header, eventInSpill: 1 << 20 } })).toThrow(RangeError);
    expect(() => encodeRawEvent({ ...ev, header: { ...ev.header, headerLength: 72 } })).toThrow(RangeError);
    expect(() => encodeRawEvent({ ...ev, header: { ...ev.header, headerLength: 80, spill: 4096 } })).not.toThrow();
  });
});
