// Golden words, written by hand from the bit layout in RAW.md (not produced by the encoder).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  decodeRawBuffer,
  decodeRawEvent,
  encodeRawEvent,
  encodeRawStream,
  findScalers,
  msadcChannels,
  msadcCodec,
  apvCodec,
  msadcPayload,
  namedScalers,
  payloadContext,
  rawEventHeader,
  scalerPayload,
  slinkHeader,
  tdcPayload,
  RAW_EVENT_TYPE,
} from '@na64/format';
import type { ApvPayload, RawEquipment, RawEvent } from '@na64/format';
import { seededRun, TEST_SOURCE_KINDS } from './raw-helpers.ts';

function bytesOf(words: number[], order: 'little' | 'big'): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const dv = new DataView(out.buffer);
  words.forEach((w, i) => dv.setUint32(4 * i, w >>> 0, order === 'little'));
  return out;
}

const MAGIC = 0xda1e5afe;
const header = (type: 1 | 7 | 6, generation: 'new' | 'old') =>
  rawEventHeader({
    generation,
    type,
    run: 3855,
    eventInRun: 5,
    spill: 3,
    eventInSpill: 2,
    triggerPattern: [0x11, 0x22],
    detectorPattern: 0x33,
    typeAttributes: [1, 2, 3],
    ldcId: 4,
    gdcId: 5,
    time: 1_600_000_000,
  });
// Header words after size/magic/length: version, type, run (0xF0F), event in run, ...
const newHeaderWords = (size: number, type: number) => [size, MAGIC, 68, 0x0003000e, type, 0xf0f, 5, 0x00300002, 0x11, 0x22, 0x33, 1, 2, 3, 4, 5, 0x5f5e1000];
const oldHeaderWords = (size: number, type: number) => [size, MAGIC, 80, 0x00030008, type, 0xf0f, 5, 3, 2, 0x11, 0x22, 0x33, 1, 2, 3, 4, 5, 0x5f5e1000, 0, 0];

const sl = (sourceId: number, more: Partial<Parameters<typeof slinkHeader>[0]> = {}) => slinkHeader({ sourceId, eventNumber: 2, spill: 3, ...more });
const eq = (equipmentId: number, payload: RawEquipment['payload'], slink: RawEquipment['slink']): RawEquipment => ({
  equipmentId,
  type: 1,
  attributes: [0, 0, 0],
  basicElementSize: 4,
  slink,
  payload,
});

// MSADC: block event 2, adc 1, port 2; channel 3, sum 0xABC, samples 0x123 0x456 0x789 (odd), tags AA BB.
const msadc = msadcPayload([{ event: 2, adcId: 1, port: 2, channels: [{ channel: 3, sum: 0xabc, samples: [0x123, 0x456, 0x789], tags: [0xaa, 0xbb] }] }]);
const msadcWords = [0xd2004002, 0x4c030abc, 0xaa456123, 0xbb000789];
// TDC: (time 0x1234, ch 5, port 9), (0xffff, 63, 15).
const tdc = tdcPayload([
  { time: 0x1234, channel: 5, port: 9 },
  { time: 0xffff, channel: 63, port: 15 },
]);
const tdcWords = [0x02451234, 0x03ffffff];
// APV: adc 0x15, triple-frame + sparse + CMC, time tag; chip 6 event 2, channel 100 frames 1 2 1023.
const apv: ApvPayload = {
  kind: 'apv',
  adcs: [
    {
      adcId: 0x15,
      tripleFrame: true,
      sparse: true,
      pedestalSubtracted: false,
      commonModeCorrected: true,
      timeTag: 0xcafebabe,
      chips: [{ chipId: 6, event: 2, channels: Uint8Array.of(100), frames: Uint16Array.of(1, 2, 1023) }],
    },
  ],
};
const apvWords = [0x0b150005, 0xcafebabe, 0x06002002, 0x64, 0x3ff00801];
const scaler = scalerPayload({ eot: 1_000_000, s0: 5 });
const scalerWords = [0x5ca10008, 0x000f4240, 5, 0, 0, 0, 0, 0, 0];

const physics = (generation: 'new' | 'old', byteOrder: 'little' | 'big'): RawEvent => ({
  byteOrder,
  header: header(RAW_EVENT_TYPE.PHYSICS, generation),
  equipments: [
    eq(1, msadc, sl(101)),
    eq(7, tdc, sl(303, { eventType: 1, statusCode: 0x12, tcsError: 0x34, errorCounter: 0x56, format: 0x78 })),
    eq(2, apv, sl(202)),
    eq(3, { kind: 'mux', blocks: [{ slink: sl(101), payload: msadc }] }, sl(900)),
  ],
});
const physicsBody = [
  // MSADC equipment: 28 + 4 * (3 + 4) = 56 bytes; S-Link size 7, source 101
  0x38, 1, 1, 0, 0, 0, 4, 0x00650007, 0x00300002, 0, ...msadcWords,
  // TDC equipment: 48 bytes; S-Link size 5, source 303, event type 1; word 2 = format|errcnt|tcs|status
  0x30, 1, 7, 0, 0, 0, 4, 0x052f0005, 0x00300002, 0x78563412, ...tdcWords,
  // APV equipment: 60 bytes; S-Link size 8, source 202
  0x3c, 1, 2, 0, 0, 0, 4, 0x00ca0008, 0x00300002, 0, ...apvWords,
  // Multiplexer 900: 68 bytes; S-Link size 3 + 7; sub-block source 101 size 7
  0x44, 1, 3, 0, 0, 0, 4, 0x0384000a, 0x00300002, 0, 0x00650007, 0x00300002, 0, ...msadcWords,
];

describe('raw golden words', () => {
  for (const byteOrder of ['little', 'big'] as const) {
    it(`new header, SOR, ${byteOrder}-endian`, () => {
      const ev: RawEvent = { byteOrder, header: header(RAW_EVENT_TYPE.SOR, 'new'), equipments: [] };
      const expected = bytesOf(newHeaderWords(68, 1), byteOrder);
      expect(encodeRawEvent(ev)).toEqual(expected);
      expect(Array.from(expected.subarray(0, 8))).toEqual(byteOrder === 'little' ? [0x44, 0, 0, 0, 0xfe, 0x5a, 0x1e, 0xda] : [0, 0, 0, 0x44, 0xda, 0x1e, 0x5a, 0xfe]);
      const r = decodeRawEvent(expected);
      expect(r.ok && r.event).toEqual(ev);
    });

    it(`old 80-byte header, SOR, ${byteOrder}-endian`, () => {
      const ev: RawEvent = { byteOrder, header: header(RAW_EVENT_TYPE.SOR, 'old'), equipments: [] };
      const expected = bytesOf(oldHeaderWords(80, 1), byteOrder);
      expect(encodeRawEvent(ev)).toEqual(expected);
      const r = decodeRawEvent(expected);
      expect(r.ok && r.event).toEqual(ev);
    });

    for (const generation of ['new', 'old'] as const) {
      it(`PHYSICS event with MSADC, TDC, APV and a multiplexer (${generation}, ${byteOrder})`, () => {
        const head = generation === 'new' ? newHeaderWords(68 + 232, 7) : oldHeaderWords(80 + 232, 7);
        const expected = bytesOf([...head, ...physicsBody], byteOrder);
        const ev = physics(generation, byteOrder);
        expect(encodeRawEvent(ev)).toEqual(expected);
        const r = decodeRawEvent(expected, { sourceKinds: TEST_SOURCE_KINDS });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.problems).toEqual([]);
        expect(r.event).toEqual(ev);
        const ch = msadcChannels(r.event.equipments[0].payload as typeof msadc);
        expect(Array.from(ch[0].samples)).toEqual([0x123, 0x456, 0x789]);
      });
    }

    it(`EOB event with the scaler block (${byteOrder})`, () => {
      const ev: RawEvent = { byteOrder, header: header(RAW_EVENT_TYPE.EOB, 'new'), equipments: [eq(9, scaler, sl(127))] };
      // equipment: 28 + 4 * (3 + 9) = 76 bytes; S-Link size 12, source 127
      const expected = bytesOf([...newHeaderWords(68 + 76, 6), 0x4c, 1, 9, 0, 0, 0, 4, 0x007f000c, 0x00300002, 0, ...scalerWords], byteOrder);
      expect(encodeRawEvent(ev)).toEqual(expected);
      const r = decodeRawEvent(expected, { sourceKinds: TEST_SOURCE_KINDS });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.event).toEqual(ev);
      const s = findScalers(r.event);
      expect(s && namedScalers(s)).toMatchObject({ eot: 1_000_000, s0: 5, s1: 0 });
    });
  }

  it('without a source map every payload stays raw words', () => {
    const bytes = bytesOf([...newHeaderWords(68 + 232, 7), ...physicsBody], 'little');
    const r = decodeRawEvent(bytes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.equipments[0].payload).toEqual({ kind: 'raw', words: Uint32Array.from(msadcWords) });
    expect(r.event.equipments[3].payload.kind).toBe('mux');
  });

  it('payload event numbers are checked against the event in spill (& 4095)', () => {
    const ctx = payloadContext({ eventInSpill: 4096 + 3 });
    msadcCodec.decode(Uint32Array.from(msadcWords), ctx);
    apvCodec.decode(Uint32Array.from(apvWords), ctx);
    expect(ctx.notes).toHaveLength(2);
    const ok = payloadContext({ eventInSpill: 4096 + 2 });
    msadcCodec.decode(Uint32Array.from(msadcWords), ok);
    expect(ok.notes).toEqual([]);
  });
});

describe('raw golden fixture files', () => {
  const cases = [
    { file: 'seed7-new-little.dat', generation: 'new', byteOrder: 'little' },
    { file: 'seed7-old-big.dat', generation: 'old', byteOrder: 'big' },
  ] as const;
  for (const c of cases) {
    it(`${c.file} equals the encoding of the seeded run and decodes back to it`, () => {
      const path = fileURLToPath(new URL(`./fixtures/raw/${c.file}`, import.meta.url));
      const events = seededRun(7, 20, c);
      const encoded = encodeRawStream(events);
      if (process.env.NA64_UPDATE_FIXTURES) writeFileSync(path, encoded);
      expect(existsSync(path)).toBe(true);
      const bytes = new Uint8Array(readFileSync(path));
      expect(bytes.length).toBeLessThan(1 << 20);
      expect(Buffer.from(encoded).equals(Buffer.from(bytes))).toBe(true);
      const r = decodeRawBuffer(bytes, { sourceKinds: TEST_SOURCE_KINDS });
      expect(r.problems).toEqual([]);
      expect(r.events.map((e) => e.event)).toEqual(events);
      expect(r.summary).toMatchObject({ bytesRead: bytes.length, eventsOk: 22, eventsDamaged: 0, bytesSkipped: 0, problems: 0 });
      expect(namedScalers(findScalers(r.events[21].event)!).eot).toBe(4_000_007);
    });
  }
});
