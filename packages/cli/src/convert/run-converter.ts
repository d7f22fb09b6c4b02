import {
  BatchBuilder,
  FormatError,
  RAW_EVENT_TYPE,
  RawStreamReader,
  findScalers,
  namedScalers,
  type BatchOf,
  type RawDecodeSummary,
  type RawEvent,
  type RawProblem,
  type Setup,
} from '@na64/format';
import { RunWriter, openRawFiles } from '@na64/format/node';
import { ChannelLookup } from './channel-lookup.ts';
import { DigitsExtractor } from './digits-from-raw.ts';
import { TruthJoiner, findTruthSidecar } from './truth-sidecar.ts';

/** The reconstruction step plugged into the conversion (hits, tracks, summaries, tags). */
export type Reconstruct = (input: { setup: Setup; run: number; events: BatchOf<'events'>; digits: BatchOf<'digits'> }) => {
  events: BatchOf<'events'>;
  hits: BatchOf<'hits'>;
  tracks: BatchOf<'tracks'>;
};

export interface ConvertRunOptions {
  datasetDir: string;
  setup: Setup;
  command: string;
  /** Stop at the first problem in the raw stream (nothing is written). */
  strict?: boolean;
  eventsPerBundle?: number;
  reconstruct?: Reconstruct;
  /** Called with the number of raw bytes decoded so far. */
  onProgress?: (bytes: number) => void;
  signal?: AbortSignal;
  maxProblemsKept?: number;
}

export interface RunReport {
  run: number;
  files: string[];
  events: number;
  spills: number;
  eot: number;
  digits: number;
  hits: number;
  tracks: number;
  truthRows: number;
  decode: RawDecodeSummary;
  problems: RawProblem[];
  /** Read-out channels the setup does not map, and payloads kept raw: description -> count. */
  unmapped: Record<string, number>;
  warnings: string[];
}

export class StrictModeError extends FormatError {}

interface SpillState {
  spill: number;
  start: number;
  end: number;
  events: number;
  eot: number;
  sawEob: boolean;
}

/**
 * Converts the raw files of one run (chunk files in order) into the run's partition of a dataset.
 * Nothing becomes visible in the dataset unless the whole run converts (the writer stages parts).
 */
export async function convertRun(files: string[], options: ConvertRunOptions): Promise<RunReport> {
  const { setup } = options;
  const channels = new ChannelLookup(setup);
  const reader = new RawStreamReader(counting(openRawFiles(files), options.onProgress), {
    sourceKinds: channels.sourceKinds,
    maxProblemsKept: options.maxProblemsKept ?? 1000,
  });
  const sidecar = await findTruthSidecar(files[0]);
  const truth = sidecar ? await TruthJoiner.open(sidecar) : undefined;
  const bundleSize = options.eventsPerBundle ?? 4096;

  let writer: RunWriter | undefined;
  let run = -1;
  const events = new BatchBuilder('events');
  const digits = new BatchBuilder('digits');
  const extractor = new DigitsExtractor(channels, digits);
  const spills = new Map<number, SpillState>();
  const report: RunReport = { run: -1, files, events: 0, spills: 0, eot: 0, digits: 0, hits: 0, tracks: 0, truthRows: 0, decode: reader.summary(), problems: [], unmapped: {}, warnings: [] };

  const spillState = (spill: number, time: number): SpillState => {
    let s = spills.get(spill);
    if (!s) spills.set(spill, (s = { spill, start: time, end: time, events: 0, eot: 0, sawEob: false }));
    return s;
  };

  const flush = async (): Promise<void> => {
    if (events.length === 0) return;
    let ev = events.build();
    const dg = digits.build();
    let hits: BatchOf<'hits'> | undefined;
    let tracks: BatchOf<'tracks'> | undefined;
    let truthRows: BatchOf<'truth'> | undefined;
    if (truth) {
      const joined = truth.take(ev);
      truthRows = joined.truth;
      ev.weight.set(joined.weights);
      report.truthRows += joined.truth.run.length;
    }
    if (options.reconstruct) {
      const out = options.reconstruct({ setup, run, events: ev, digits: dg });
      ev = out.events;
      hits = out.hits;
      tracks = out.tracks;
      report.hits += hits.run.length;
      report.tracks += tracks.run.length;
    }
    report.digits += dg.run.length;
    await writer!.appendEvents({ events: ev, digits: dg, ...(hits ? { hits } : {}), ...(tracks ? { tracks } : {}), ...(truthRows ? { truth: truthRows } : {}) });
  };

  const openWriter = async (eventRun: number, offset: number): Promise<void> => {
    if (run === -1) {
      run = eventRun;
      report.run = run;
      writer = await RunWriter.open(options.datasetDir, run, { setupId: setup.id, command: options.command });
    } else if (eventRun !== run) {
      throw new FormatError(`event of run ${eventRun} at byte ${offset} in a stream of run ${run}; convert each run's files separately`, { file: files.join(', ') });
    }
  };

  const addPhysics = (e: RawEvent): void => {
    const h = e.header;
    const key = { run: h.run, spill: h.spill, event: h.eventInSpill };
    spillState(h.spill, h.time).events++;
    events.add({
      run: key.run,
      spill: key.spill,
      event: key.event,
      event_in_run: h.eventInRun,
      trigger_mask: h.triggerPattern[0] | 0,
      time: h.time,
      weight: 1,
      e_ecal: 0, e_ecal_pre: 0, e_hcal: 0, e_hcal_modules: [], e_wcal: 0, e_veto: 0, e_srd: 0,
      ecal_cog_x: Number.NaN, ecal_cog_y: Number.NaN, p_in: Number.NaN, n_tracks: 0, tags: 0,
      digits_offset: 0, digits_count: 0, hits_offset: 0, hits_count: 0, tracks_offset: 0, tracks_count: 0, truth_offset: 0, truth_count: 0,
    });
    extractor.add(e, key);
  };

  let lastKey = [-1, -1, -1];
  try {
    for await (const record of reader.records()) {
      if (options.signal?.aborted) throw new FormatError('interrupted; nothing of this run was written', { file: files.join(', ') });
      const problems = record.kind === 'problem' ? [record.problem] : record.problems;
      if (problems.length && options.strict) {
        const p = problems[0];
        throw new StrictModeError(`byte ${p.byteOffset}: ${p.reason}: ${p.message} (--strict)`, { file: files.join(', ') });
      }
      if (record.kind === 'problem') continue;
      const e = record.event;
      const h = e.header;
      await openWriter(h.run, record.byteOffset);
      if (h.type === RAW_EVENT_TYPE.PHYSICS || h.type === RAW_EVENT_TYPE.CALIBRATION) {
        const key = [h.run, h.spill, h.eventInSpill];
        if (key[1] < lastKey[1] || (key[1] === lastKey[1] && key[2] <= lastKey[2])) {
          report.warnings.push(`byte ${record.byteOffset}: event ${key.join(':')} is out of order or repeated after ${lastKey.join(':')}; skipped`);
          continue;
        }
        lastKey = key;
        addPhysics(e);
        if (events.length >= bundleSize) await flush();
      } else if (h.type === RAW_EVENT_TYPE.SOB) {
        spillState(h.spill, h.time).start = h.time;
      } else if (h.type === RAW_EVENT_TYPE.EOB) {
        const s = spillState(h.spill, h.time);
        s.end = h.time;
        s.sawEob = true;
        const scalers = findScalers(e);
        if (scalers) s.eot = namedScalers(scalers).eot ?? 0;
        else report.warnings.push(`spill ${h.spill}: end-of-burst event has no scaler block; EOT unknown (0)`);
      }
    }
    await flush();
    if (run === -1) throw new FormatError('no events found (not a raw DATE stream, or every event was damaged)', { file: files.join(', ') });
    const spillRows = new BatchBuilder('spills');
    for (const s of [...spills.values()].sort((a, b) => a.spill - b.spill)) {
      if (!s.sawEob) report.warnings.push(`spill ${s.spill}: no end-of-burst event (truncated run?); EOT unknown (0)`);
      spillRows.add({ run, spill: s.spill, event: -1, start_time: s.start, end_time: s.end, n_events: s.events, eot: s.eot, beam_particle: setup.beam.particle, beam_energy: setup.beam.energy, setup_id: setup.id });
      report.eot += s.eot;
    }
    report.spills = spills.size;
    await writer!.appendSpills(spillRows.build());
    const manifest = await writer!.close();
    report.events = manifest.events;
  } catch (error) {
    await writer?.abort();
    throw error;
  }
  report.decode = reader.summary();
  report.problems = [...reader.problems];
  report.unmapped = Object.fromEntries(extractor.unmapped);
  if (truth && report.truthRows < truth.rows) report.warnings.push(`${truth.rows - report.truthRows} truth rows had no converted event (events lost to corruption)`);
  return report;
}

async function* counting(source: AsyncIterable<Uint8Array>, onProgress?: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    onProgress?.(bytes);
    yield chunk;
  }
}
