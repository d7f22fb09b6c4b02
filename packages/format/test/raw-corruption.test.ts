// Each kind of corruption a real run has: build a stream with the encoder, damage it at a known
// offset, check exactly which events come out and what is reported.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RawStreamReader, decodeRawBuffer, encodeRawEvent } from '@na64/format';
import type { RawBufferDecodeResult, RawEvent, RawProblem } from '@na64/format';
import { TEST_SOURCE_KINDS, mulberry32, seededRun } from './raw-helpers.ts';

interface Stream {
  events: RawEvent[];
  bytes: Uint8Array;
  off: number[];
  len: number[];
}

function build(order: 'little' | 'big' = 'little', generation: 'new' | 'old' = 'new'): Stream {
  const events = seededRun(3, 10, { byteOrder: order, generation }); // SOB, 10 PHYSICS, EOB
  const parts = events.map((e) => encodeRawEvent(e));
  const off: number[] = [];
  let n = 0;
  for (const p of parts) {
    off.push(n);
    n += p.length;
  }
  const bytes = new Uint8Array(n);
  parts.forEach((p, i) => bytes.set(p, off[i]));
  return { events, bytes, off, len: parts.map((p) => p.length) };
}

function decode(bytes: Uint8Array): RawBufferDecodeResult {
  return decodeRawBuffer(bytes, { sourceKinds: TEST_SOURCE_KINDS });
}

function setWord(s: Stream, bytes: Uint8Array, pos: number, value: number, order: 'little' | 'big' = 'little'): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(pos, value >>> 0, order === 'little');
}
function getWord(bytes: Uint8Array, pos: number, order: 'little' | 'big' = 'little'): number {
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(pos, order === 'little');
}

/** Event bytes + skipped bytes must tile the stream exactly. */
function expectAccounted(r: RawBufferDecodeResult, total: number): void {
  const eventBytes = r.events.reduce((a, e) => a + e.byteLength, 0);
  expect(eventBytes + r.summary.bytesSkipped).toBe(total);
  expect(r.summary.bytesRead).toBe(total);
  expect(r.summary.problems).toBe(r.problems.length);
}

const without = (events: RawEvent[], ...drop: number[]) => events.filter((_, i) => !drop.includes(i));
const KEY4 = { run: 3855, spill: 7, eventInSpill: 4 };

describe('raw corruption: lost events', () => {
  for (const order of ['little', 'big'] as const) {
    it(`bad magic drops exactly that event (${order})`, () => {
      const s = build(order);
      const bytes = s.bytes.slice();
      bytes[s.off[4] + 5] ^= 0xff;
      const r = decode(bytes);
      expect(r.events.map((e) => e.event)).toEqual(without(s.events, 4));
      expect(r.problems).toEqual([
        { byteOffset: s.off[4], reason: 'bad-magic', skippedBytes: s.len[4], message: expect.stringContaining(`offset ${s.off[4]}`) },
      ]);
      expect(r.events[4].byteOffset).toBe(s.off[5]);
      expectAccounted(r, bytes.length);
    });
  }

  it('garbage between events (odd length, so the rest is misaligned) is skipped', () => {
    const s = build('big', 'old');
    const rnd = mulberry32(99);
    const garbage = Uint8Array.from({ length: 37 }, () => Math.floor(rnd() * 256));
    // also a fake magic word followed by an impossible header length inside the garbage
    garbage.set([0, 0, 0, 0x44, 0xda, 0x1e, 0x5a, 0xfe, 0, 0, 0, 3], 10);
    const bytes = new Uint8Array(s.bytes.length + garbage.length);
    bytes.set(s.bytes.subarray(0, s.off[6]), 0);
    bytes.set(garbage, s.off[6]);
    bytes.set(s.bytes.subarray(s.off[6]), s.off[6] + garbage.length);
    const r = decode(bytes);
    expect(r.events.map((e) => e.event)).toEqual(s.events);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ byteOffset: s.off[6], reason: 'bad-magic', skippedBytes: 37 });
    expect(r.events.slice(6).map((e) => e.byteOffset)).toEqual(s.off.slice(6).map((o) => o + 37));
    expect(r.summary).toMatchObject({ eventsOk: 12, eventsDamaged: 0, bytesSkipped: 37, problemsByReason: { 'bad-magic': 1 } });
    expectAccounted(r, bytes.length);
  });

  it('event size running past the end of the stream: reported as truncated, later events recovered', () => {
    const s = build();
    const bytes = s.bytes.slice();
    setWord(s, bytes, s.off[4], bytes.length + 4000);
    const r = decode(bytes);
    expect(r.events.map((e) => e.event)).toEqual(without(s.events, 4));
    expect(r.problems).toEqual([
      { byteOffset: s.off[4], reason: 'truncated', skippedBytes: s.len[4], eventKey: KEY4, message: expect.any(String) },
    ]);
    expectAccounted(r, bytes.length);
  });

  it('an implausible event size (above maxEventBytes) is a bad header', () => {
    const s = build();
    const bytes = s.bytes.slice();
    setWord(s, bytes, s.off[4], 0xfffffff0);
    const r = decode(bytes);
    expect(r.events.map((e) => e.event)).toEqual(without(s.events, 4));
    expect(r.problems).toMatchObject([{ byteOffset: s.off[4], reason: 'bad-header', skippedBytes: s.len[4] }]);
  });

  it('an event size too small for its equipments: bad structure', () => {
    const s = build();
    const bytes = s.bytes.slice();
    setWord(s, bytes, s.off[4], s.len[4] - 8);
    const r = decode(bytes);
    expect(r.events.map((e) => e.event)).toEqual(without(s.events, 4));
    expect(r.problems).toMatchObject([{ byteOffset: s.off[4], reason: 'bad-structure', skippedBytes: s.len[4], eventKey: KEY4 }]);
  });

  it('a damaged equipment size: bad structure, neighbours intact', () => {
    const s = build('big');
    const bytes = s.bytes.slice();
    const eqAt = s.off[4] + 68; // first equipment header
    setWord(s, bytes, eqAt, getWord(bytes, eqAt, 'big') + 4, 'big');
    const r = decode(bytes);
    expect(r.events.map((e) => e.event)).toEqual(without(s.events, 4));
    expect(r.problems).toMatchObject([{ byteOffset: s.off[4], reason: 'bad-structure', eventKey: KEY4 }]);
  });

  for (const cut of [5, 30, 100]) {
    it(`truncated last event (${cut} bytes of it left)`, () => {
      const s = build();
      const bytes = s.bytes.slice(0, s.off[11] + cut);
      const r = decode(bytes);
      expect(r.events.map((e) => e.event)).toEqual(s.events.slice(0, 11));
      expect(r.problems).toMatchObject([{ byteOffset: s.off[11], reason: 'truncated', skippedBytes: cut }]);
      expect(r.summary.lostFraction).toBeCloseTo(cut / bytes.length, 10);
      expectAccounted(r, bytes.length);
    });
  }

  it('an unknown event type is a bad header', () => {
    const s = build();
    const bytes = s.bytes.slice();
    setWord(s, bytes, s.off[2] + 16, 3);
    const r = decode(bytes);
    expect(r.events.map((e) => e.event)).toEqual(without(s.events, 2));
    expect(r.problems).toMatchObject([{ byteOffset: s.off[2], reason: 'bad-header' }]);
  });
});

describe('raw corruption: kept events with problems inside', () => {
  it('multiplexer sub-block sizes that do not add up: event kept, multiplexer payload raw', () => {
    const s = build();
    const bytes = s.bytes.slice();
    const ev = s.events[4];
    // equipment 3 (the multiplexer) starts after the header and the first two equipments
    const e1 = encodeRawEvent({ ...ev, equipments: ev.equipments.slice(0, 2) }).length;
    const muxPayloadAt = s.off[4] + e1 + 28 + 12;
    setWord(s, bytes, muxPayloadAt, getWord(bytes, muxPayloadAt) + 1); // sub-block size + 1
    const r = decode(bytes);
    expect(r.events).toHaveLength(12);
    expect(r.events.map((e) => e.event)).toEqual(s.events.map((e, i) => (i === 4 ? r.events[4].event : e)));
    const kept = r.events[4];
    expect(kept.event.equipments.slice(0, 2)).toEqual(ev.equipments.slice(0, 2));
    expect(kept.event.equipments[2].payload.kind).toBe('raw');
    const p: RawProblem[] = kept.problems;
    expect(p).toMatchObject([{ byteOffset: muxPayloadAt, reason: 'mux-size-sum', skippedBytes: 0, eventKey: KEY4 }]);
    expect(r.problems).toEqual(p);
    expect(r.summary).toMatchObject({ eventsOk: 11, eventsDamaged: 1, bytesSkipped: 0, problems: 1 });
  });

  for (const order of ['little', 'big'] as const) {
    it(`an event size grown over the next events: it ends at the next event header, they are kept (${order})`, () => {
      const s = build(order);
      const bytes = s.bytes.slice();
      setWord(s, bytes, s.off[4], s.len[4] + s.len[5] + s.len[6], order); // events 5 and 6 inside 4
      const r = decode(bytes);
      expect(r.events.map((e) => e.event)).toEqual(s.events);
      expect(r.events[4]).toMatchObject({ byteOffset: s.off[4], byteLength: s.len[4] });
      expect(r.problems).toEqual([
        {
          byteOffset: s.off[4],
          reason: 'bad-header',
          message: `event size ${s.len[4] + s.len[5] + s.len[6]} at offset ${s.off[4]} runs into the event at offset ${s.off[5]}; event taken as ${s.len[4]} bytes`,
          skippedBytes: 0,
          eventKey: KEY4,
        },
      ]);
      expect(r.summary).toMatchObject({ eventsOk: 11, eventsDamaged: 1, bytesSkipped: 0 });
      expectAccounted(r, bytes.length);
    });
  }

  it('S-Link size disagreeing with its equipment: event kept, payload raw', () => {
    const s = build();
    const bytes = s.bytes.slice();
    const slinkAt = s.off[4] + 68 + 28;
    setWord(s, bytes, slinkAt, getWord(bytes, slinkAt) - 1);
    const r = decode(bytes);
    expect(r.events).toHaveLength(12);
    expect(r.events[4].event.equipments[0].payload.kind).toBe('raw');
    expect(r.problems).toMatchObject([{ byteOffset: slinkAt, reason: 'slink-size', eventKey: KEY4 }]);
  });

  it('S-Link event number differing from the event header: event kept and flagged', () => {
    const s = build();
    const bytes = s.bytes.slice();
    const slinkAt = s.off[4] + 68 + 28;
    setWord(s, bytes, slinkAt + 4, getWord(bytes, slinkAt + 4) + 1); // event number 4 -> 5
    const r = decode(bytes);
    expect(r.events).toHaveLength(12);
    expect(r.events[4].event.equipments[0].slink.eventNumber).toBe(5);
    expect(r.events[4].event.equipments[0].payload).toEqual(s.events[4].equipments[0].payload);
    expect(r.problems).toMatchObject([{ byteOffset: slinkAt, reason: 'event-number-mismatch', eventKey: KEY4 }]);
    expect(r.summary).toMatchObject({ eventsOk: 11, eventsDamaged: 1 });
  });

  it('a payload its decoder rejects is kept as raw words', () => {
    const s = build();
    const bytes = s.bytes.slice();
    const msadcAt = s.off[4] + 68 + 28 + 12; // first MSADC block header
    setWord(s, bytes, msadcAt, getWord(bytes, msadcAt) & 0x3fffffff); // key bits 00
    const r = decode(bytes);
    expect(r.events).toHaveLength(12);
    expect(r.events[4].event.equipments[0].payload.kind).toBe('raw');
    expect(r.problems).toMatchObject([{ byteOffset: msadcAt, reason: 'payload', eventKey: KEY4 }]);
  });
});

describe('raw corruption: everything at once, streamed', () => {
  it('all damage kinds in one stream read through small async chunks', async () => {
    const s = build();
    const bytes = s.bytes.slice();
    bytes[s.off[2] + 4] ^= 0x01; // bad magic in event 2
    setWord(s, bytes, s.off[5] + 68 + 28 + 4, 99); // S-Link event number in event 5
    setWord(s, bytes, s.off[7], s.len[7] + 12); // wrong size in event 7 (ends inside event 8)
    const withGarbage = new Uint8Array(bytes.length + 13 - 40);
    withGarbage.set(bytes.subarray(0, s.off[9]), 0);
    withGarbage.set(Uint8Array.from({ length: 13 }, (_, i) => i * 19), s.off[9]);
    withGarbage.set(bytes.subarray(s.off[9], bytes.length - 40), s.off[9] + 13); // last event truncated
    async function* chunks() {
      for (let i = 0; i < withGarbage.length; i += 7) yield withGarbage.subarray(i, i + 7);
    }
    const reader = new RawStreamReader(chunks(), { sourceKinds: TEST_SOURCE_KINDS });
    const kinds: string[] = [];
    const events: RawEvent[] = [];
    for await (const rec of reader.records()) {
      kinds.push(rec.kind === 'event' ? 'E' : rec.problem.reason);
      if (rec.kind === 'event') events.push(rec.event);
    }
    expect(events.map((e) => e.header.eventInSpill)).toEqual([0, 1, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(kinds).toEqual(['E', 'E', 'bad-magic', 'E', 'E', 'event-number-mismatch', 'E', 'E', 'bad-header', 'E', 'E', 'bad-magic', 'E', 'E', 'truncated']);
    expect(reader.problems.map((p) => p.byteOffset)).toEqual([s.off[2], s.off[5] + 96, s.off[7], s.off[9], s.off[11] + 13]);
    const sum = reader.summary();
    expect(sum).toMatchObject({ bytesRead: withGarbage.length, eventsOk: 8, eventsDamaged: 2, problems: 5 });
    expect(sum.bytesSkipped).toBe(s.len[2] + 13 + (s.len[11] - 40));
  });

  it('never throws on random damage, and every byte is either an event or skipped', () => {
    const s = build();
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (edits, cutSeed) => {
          const bytes = s.bytes.slice(0, s.bytes.length - (cutSeed % 50));
          for (const e of edits) bytes[e.at % bytes.length] = e.value;
          const r = decode(bytes);
          expectAccounted(r, bytes.length);
          // events that were not touched come out unchanged
          const touched = new Set(edits.map((e) => s.off.findLastIndex((o) => o <= e.at % bytes.length)));
          const intact = s.events.filter((_, i) => !touched.has(i) && s.off[i] + s.len[i] <= bytes.length);
          const got = new Set(r.events.map((e) => JSON.stringify([e.event.header.eventInSpill, e.event.header.type])));
          for (const ev of intact) expect(got.has(JSON.stringify([ev.header.eventInSpill, ev.header.type]))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
