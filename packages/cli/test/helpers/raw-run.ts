import { writeFile } from 'node:fs/promises';
import {
  RAW_EVENT_TYPE,
  SCALER_SOURCE_ID,
  encodeRawStream,
  expandChannelMap,
  getSetup,
  msadcPayload,
  rawEventHeader,
  scalerPayload,
  slinkHeader,
  tdcPayload,
  type MappedChannel,
  type RawEquipment,
  type RawEvent,
  type RawPayload,
} from '@na64/format';

/** What was put into the stream, to check the conversion against. */
export interface RawRunTruth {
  run: number;
  spills: number;
  eventsPerSpill: number;
  eotPerSpill: number[];
  /** digits written per event key "spill:event". */
  digitsPerEvent: Map<string, number>;
  ecalSamples: Map<string, number[]>;
}

const equipment = (sourceId: number, payload: RawPayload, spill: number, event: number): RawEquipment => ({
  equipmentId: sourceId,
  type: 0,
  attributes: [0, 0, 0],
  basicElementSize: 4,
  slink: slinkHeader({ sourceId, eventNumber: event, spill }),
  payload,
});

/**
 * A raw run for the invis-2018 setup, built with the codec's encoder: `cellsPerEvent` ECAL/HCAL
 * channels with pulses and a straw TDC hit per event, SOB/EOB with scalers. Deterministic.
 */
export function* rawRunEvents(run: number, spills: number, eventsPerSpill: number, truth: RawRunTruth, cellsPerEvent = 2): Generator<RawEvent> {
  const setup = getSetup('invis-2018');
  const ecal = [...expandChannelMap(setup.elements.find((e) => e.name === 'ECAL')!), ...(cellsPerEvent > 2 ? expandChannelMap(setup.elements.find((e) => e.name === 'HCAL')!) : [])];
  const straw = setup.elements.find((e) => e.readout?.digitizer === 'tdc')!;
  const strawChannel = expandChannelMap(straw)[5];

  let eventInRun = 0;
  let time = 1_540_000_000;
  const header = (type: number, spill: number, eventInSpill: number) =>
    rawEventHeader({ type: type as never, run, spill, eventInSpill, eventInRun, triggerPattern: [type === RAW_EVENT_TYPE.PHYSICS ? 1 : 0, 0], time });
  yield { byteOrder: 'little', header: header(RAW_EVENT_TYPE.SOR, 0, 0), equipments: [] };
  for (let spill = 1; spill <= spills; spill++) {
    yield { byteOrder: 'little', header: header(RAW_EVENT_TYPE.SOB, spill, 0), equipments: [] };
    for (let e = 1; e <= eventsPerSpill; e++) {
      eventInRun++;
      const cells: MappedChannel[] = Array.from({ length: Math.min(cellsPerEvent, ecal.length) }, (_, k) => ecal[(e * 7 + k) % ecal.length]);
      const bySource = new Map<number, MappedChannel[]>();
      for (const c of cells) bySource.set(c.source, [...(bySource.get(c.source) ?? []), c]);
      const equipments: RawEquipment[] = [];
      for (const [source, chans] of bySource) {
        const blocks = [...new Set(chans.map((c) => c.port))].map((port) => ({
          event: e & 4095,
          adcId: 0,
          port,
          channels: chans
            .filter((c) => c.port === port)
            .map((c) => {
              const samples = Array.from({ length: 32 }, (_, k) => 200 + (k % 2) * 7 + (k >= 8 && k < 14 ? 300 * (k - 7) : 0) + ((e + k) % 3));
              if (cellsPerEvent <= 2) truth.ecalSamples.set(`${spill}:${e}:${c.port}:${c.channel}`, samples);
              return { channel: c.channel, sum: samples.reduce((a, b) => a + b, 0) & 0xffff, samples };
            }),
        }));
        equipments.push(equipment(source, msadcPayload(blocks), spill, e));
      }
      equipments.push(equipment(strawChannel.source, tdcPayload([{ time: 1000 + e, channel: strawChannel.channel, port: strawChannel.port }]), spill, e));
      truth.digitsPerEvent.set(`${spill}:${e}`, cells.length + 1);
      yield { byteOrder: 'little', header: header(RAW_EVENT_TYPE.PHYSICS, spill, e), equipments };
      if (e % 100 === 0) time += 1;
    }
    const eot = 1_000_000 + spill * 1234;
    truth.eotPerSpill.push(eot);
    yield {
      byteOrder: 'little',
      header: header(RAW_EVENT_TYPE.EOB, spill, 0),
      equipments: [equipment(SCALER_SOURCE_ID, scalerPayload({ eot, triggers: eventsPerSpill }), spill, 0)],
    };
    time += 15;
  }
  yield { byteOrder: 'little', header: header(RAW_EVENT_TYPE.EOR, 0, 0), equipments: [] };
}

export function newRawRunTruth(run: number, spills: number, eventsPerSpill: number): RawRunTruth {
  return { run, spills, eventsPerSpill, eotPerSpill: [], digitsPerEvent: new Map(), ecalSamples: new Map() };
}

export function buildRawRun(run: number, spills: number, eventsPerSpill: number): { bytes: Uint8Array; truth: RawRunTruth } {
  const truth = newRawRunTruth(run, spills, eventsPerSpill);
  return { bytes: encodeRawStream([...rawRunEvents(run, spills, eventsPerSpill, truth)]), truth };
}

export async function writeRawRun(path: string, run: number, spills: number, eventsPerSpill: number): Promise<RawRunTruth> {
  const { bytes, truth } = buildRawRun(run, spills, eventsPerSpill);
  await writeFile(path, bytes);
  return truth;
}
