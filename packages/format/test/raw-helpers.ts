// Shared test helpers for the raw codec tests: fast-check arbitraries and a seeded event generator.
import fc from 'fast-check';
import {
  msadcPayload,
  rawEventHeader,
  slinkHeader,
  scalerPayload,
  tdcPayload,
  RAW_EVENT_TYPE,
} from '@na64/format';
import type {
  ApvPayload,
  MsadcPayload,
  PayloadKind,
  RawEquipment,
  RawEvent,
  RawEventHeader,
  RawPayload,
  RawWordsPayload,
  ScalerPayload,
  TdcPayload,
} from '@na64/format';

/** The test setup's source map: kind by source id (mux ids 896..1023 are structural). */
export function kindOfSource(id: number): PayloadKind {
  if (id === 127) return 'scaler';
  return (['raw', 'msadc', 'apv', 'tdc', 'scaler'] as const)[id % 5];
}
export const TEST_SOURCE_KINDS: ReadonlyMap<number, PayloadKind> = new Map(
  Array.from({ length: 896 }, (_, id) => [id, kindOfSource(id)] as [number, PayloadKind]),
);

const u32 = fc.integer({ min: 0, max: 0xffffffff });

export function arbRawWords(): fc.Arbitrary<RawWordsPayload> {
  return fc.array(u32, { maxLength: 20 }).map((w) => ({ kind: 'raw' as const, words: Uint32Array.from(w) }));
}

export function arbMsadc(ev12?: number): fc.Arbitrary<MsadcPayload> {
  const channel = fc
    .record({
      channel: fc.integer({ min: 0, max: 15 }),
      sum: fc.integer({ min: 0, max: 0xffff }),
      samples: fc.array(fc.integer({ min: 0, max: 4095 }), { maxLength: 40 }),
    })
    .chain((c) =>
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: (c.samples.length + 1) >> 1, maxLength: (c.samples.length + 1) >> 1 }).map((tags) => ({ ...c, tags })),
    );
  const block = fc.record({
    event: ev12 === undefined ? fc.integer({ min: 0, max: 4095 }) : fc.constant(ev12),
    error: fc.boolean(),
    adcId: fc.integer({ min: 0, max: 3 }),
    port: fc.integer({ min: 0, max: 7 }),
    channels: fc.array(channel, { maxLength: 4 }),
  });
  return fc.array(block, { maxLength: 3 }).map((blocks) => msadcPayload(blocks));
}

export function arbApv(ev12?: number): fc.Arbitrary<ApvPayload> {
  const adc = fc
    .record({
      adcId: fc.integer({ min: 0, max: 255 }),
      tripleFrame: fc.boolean(),
      sparse: fc.boolean(),
      pedestalSubtracted: fc.boolean(),
      commonModeCorrected: fc.boolean(),
      timeTag: u32,
    })
    .chain((a) => {
      const nf = a.tripleFrame ? 3 : 1;
      const chip = fc
        .record({
          chipId: fc.integer({ min: 0, max: 15 }),
          event: ev12 === undefined ? fc.integer({ min: 0, max: 4095 }) : fc.constant(ev12),
          channels: a.sparse
            ? fc.array(fc.integer({ min: 0, max: 127 }), { maxLength: 10 })
            : fc.constant(Array.from({ length: 128 }, (_, i) => i)),
        })
        .chain((c) =>
          fc.array(fc.integer({ min: 0, max: 1023 }), { minLength: c.channels.length * nf, maxLength: c.channels.length * nf }).map((frames) => ({
            chipId: c.chipId,
            event: c.event,
            channels: Uint8Array.from(c.channels),
            frames: Uint16Array.from(frames),
          })),
        );
      return fc.array(chip, { maxLength: 2 }).map((chips) => ({ ...a, chips }));
    });
  return fc.array(adc, { maxLength: 2 }).map((adcs) => ({ kind: 'apv' as const, adcs }));
}

export function arbTdc(): fc.Arbitrary<TdcPayload> {
  return fc
    .array(fc.record({ time: fc.integer({ min: 0, max: 0xffff }), channel: fc.integer({ min: 0, max: 63 }), port: fc.integer({ min: 0, max: 15 }) }), { maxLength: 20 })
    .map(tdcPayload);
}

export function arbScaler(): fc.Arbitrary<ScalerPayload> {
  return fc.array(u32, { maxLength: 12 }).map((c) => scalerPayload(c));
}

export function arbPayloadOfKind(kind: PayloadKind, ev12?: number): fc.Arbitrary<RawPayload> {
  switch (kind) {
    case 'raw':
      return arbRawWords();
    case 'msadc':
      return arbMsadc(ev12);
    case 'apv':
      return arbApv(ev12);
    case 'tdc':
      return arbTdc();
    case 'scaler':
      return arbScaler();
  }
}

const EVENT_TYPES = Object.values(RAW_EVENT_TYPE);

export function arbHeader(): fc.Arbitrary<RawEventHeader> {
  return fc.boolean().chain((old) =>
    fc.record({
      generation: fc.constant(old ? ('old' as const) : ('new' as const)),
      headerVersion: u32,
      type: fc.constantFrom(...EVENT_TYPES),
      run: u32,
      eventInRun: u32,
      spill: old ? u32 : fc.integer({ min: 0, max: 4095 }),
      eventInSpill: old ? u32 : fc.integer({ min: 0, max: 0xfffff }),
      triggerPattern: fc.tuple(u32, u32),
      detectorPattern: u32,
      typeAttributes: fc.tuple(u32, u32, u32),
      ldcId: u32,
      gdcId: u32,
      time: u32,
    }).map((h) => rawEventHeader(h)),
  );
}

function arbSlinkFor(h: RawEventHeader, sourceId: fc.Arbitrary<number>) {
  return fc.record({
    sourceId,
    eventType: fc.integer({ min: 0, max: 31 }),
    error: fc.boolean(),
    status: fc.boolean(),
    statusCode: fc.integer({ min: 0, max: 255 }),
    tcsError: fc.integer({ min: 0, max: 255 }),
    errorCounter: fc.integer({ min: 0, max: 255 }),
    format: fc.integer({ min: 0, max: 255 }),
  }).map((s) => slinkHeader({ ...s, eventNumber: h.eventInSpill & 0xfffff, spill: h.spill & 0x7ff }));
}

/** Random consistent events (S-Link and payload event numbers agree with the header). */
export function arbEvent(): fc.Arbitrary<RawEvent> {
  return fc.record({ header: arbHeader(), byteOrder: fc.constantFrom('little' as const, 'big' as const) }).chain(({ header, byteOrder }) => {
    const ev12 = header.eventInSpill & 0xfff;
    const plain = arbSlinkFor(header, fc.integer({ min: 0, max: 895 })).chain((slink) =>
      arbPayloadOfKind(kindOfSource(slink.sourceId), ev12).map((payload) => ({ slink, payload })),
    );
    const mux = fc
      .tuple(arbSlinkFor(header, fc.integer({ min: 896, max: 1023 })), fc.array(plain, { maxLength: 3 }))
      .map(([slink, blocks]) => ({ slink, payload: { kind: 'mux' as const, blocks } as RawPayload }));
    const equipment: fc.Arbitrary<RawEquipment> = fc
      .record({
        equipmentId: u32,
        type: u32,
        attributes: fc.tuple(u32, u32, u32),
        basicElementSize: fc.constant(4),
        body: fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: mux }),
      })
      .map(({ body, ...e }) => ({ ...e, slink: body.slink, payload: body.payload }));
    return fc.array(equipment, { maxLength: 4 }).map((equipments) => ({ byteOrder, header, equipments }));
  });
}

import { mulberry32 } from '@na64/format';
export { mulberry32 };

/**
 * A deterministic little run: SOB, `n` PHYSICS events with one MSADC equipment, one TDC equipment
 * and one multiplexer holding APV blocks, then an EOB with scalers.
 */
export function seededRun(seed: number, n: number, options: { generation?: 'new' | 'old'; byteOrder?: 'little' | 'big' } = {}): RawEvent[] {
  const rnd = mulberry32(seed);
  const int = (max: number): number => Math.floor(rnd() * (max + 1));
  const run = 3855;
  const spill = 7;
  const byteOrder = options.byteOrder ?? 'little';
  const head = (type: RawEventHeader['type'], eventInSpill: number): RawEventHeader =>
    rawEventHeader({ generation: options.generation ?? 'new', type, run, spill, eventInSpill, eventInRun: 1000 + eventInSpill, time: 1_500_000_000 + eventInSpill, triggerPattern: [type === 7 ? 1 : 0, 0] });
  const sl = (sourceId: number, eventInSpill: number) => slinkHeader({ sourceId, eventNumber: eventInSpill, spill });
  const events: RawEvent[] = [{ byteOrder, header: head(RAW_EVENT_TYPE.SOB, 0), equipments: [] }];
  for (let e = 1; e <= n; e++) {
    const ms = msadcPayload([
      {
        event: e & 0xfff,
        adcId: 1,
        port: 2,
        channels: Array.from({ length: 4 }, (_, ch) => {
          const samples = Array.from({ length: 32 }, (_, k) => 200 + (k & 1) * 10 + int(40));
          return { channel: ch, sum: samples.reduce((a, b) => a + b, 0) & 0xffff, samples };
        }),
      },
    ]);
    const tdc = tdcPayload(Array.from({ length: int(5) }, () => ({ time: int(0xffff), channel: int(63), port: int(15) })));
    const apv: ApvPayload = {
      kind: 'apv',
      adcs: [
        {
          adcId: 3,
          tripleFrame: true,
          sparse: true,
          pedestalSubtracted: true,
          commonModeCorrected: true,
          timeTag: e * 1000,
          chips: [{ chipId: 2, event: e & 0xfff, channels: Uint8Array.from([5, 6, 7]), frames: Uint16Array.from({ length: 9 }, () => int(1023)) }],
        },
      ],
    };
    events.push({
      byteOrder,
      header: head(RAW_EVENT_TYPE.PHYSICS, e),
      equipments: [
        { equipmentId: 1, type: 1, attributes: [0, 0, 0], basicElementSize: 4, slink: sl(101, e), payload: ms },
        { equipmentId: 2, type: 1, attributes: [0, 0, 0], basicElementSize: 4, slink: sl(303, e), payload: tdc },
        {
          equipmentId: 3,
          type: 1,
          attributes: [0, 0, 0],
          basicElementSize: 4,
          slink: sl(900, e),
          payload: { kind: 'mux', blocks: [{ slink: sl(202, e), payload: apv }] },
        },
      ],
    });
  }
  events.push({
    byteOrder,
    header: head(RAW_EVENT_TYPE.EOB, n + 1),
    equipments: [
      { equipmentId: 9, type: 2, attributes: [0, 0, 0], basicElementSize: 4, slink: sl(127, n + 1), payload: scalerPayload({ eot: 4_000_000 + seed, s0: 4_100_000, triggers: n, triggers_accepted: n }) },
    ],
  });
  return events;
}
