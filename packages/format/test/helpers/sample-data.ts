import type { BatchOf, RowOf, SpillRow } from '@na64/format';
import type { EventBundle } from '@na64/format/node';
import { mulberry32, rowsToBatch } from '@na64/format';

/** Small deterministic PRNG so fixtures are the same on every machine. */
export const prng = mulberry32;

const f32 = (x: number) => Math.fround(x);

export interface SampleRun {
  spills: SpillRow[];
  events: RowOf<'events'>[];
  digits: RowOf<'digits'>[];
  hits: RowOf<'hits'>[];
  tracks: RowOf<'tracks'>[];
  truth: RowOf<'truth'>[];
}

/**
 * A run of `spills` x `eventsPerSpill` events with random collections; some events have no rows in
 * some collections, and some digits have empty sample lists, to exercise the edge cases.
 */
export function sampleRun(run: number, spills: number, eventsPerSpill: number, seed = run): SampleRun {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const out: SampleRun = { spills: [], events: [], digits: [], hits: [], tracks: [], truth: [] };
  let eventInRun = 0;
  for (let s = 1; s <= spills; s++) {
    out.spills.push({ run, spill: s, event: -1, start_time: 1.5e9 + s * 20, end_time: 1.5e9 + s * 20 + 4.8, n_events: eventsPerSpill, eot: 2e6 + int(1000), beam_particle: 'e-', beam_energy: 100, setup_id: 'invis-2018' });
    for (let e = 1; e <= eventsPerSpill; e++) {
      const key = { run, spill: s, event: e };
      const nTruth = int(4);
      for (let i = 0; i < nTruth; i++) {
        out.truth.push({ ...key, pdg: [11, -11, 22, 9900022][int(4)], parent: i - 1, process: i === 0 ? 'primary' : 'brems', vx: f32(rnd()), vy: f32(rnd()), vz: f32(rnd() * 1000), px: f32(rnd()), py: f32(rnd()), pz: f32(100 * rnd()), e: f32(100 * rnd()), end_x: f32(rnd()), end_y: f32(rnd()), end_z: f32(rnd() * 5000), weight: 1 });
      }
      const nDigits = int(5);
      for (let i = 0; i < nDigits; i++) {
        const tdc = i % 4 === 3;
        out.digits.push({ ...key, detector: ['ECAL', 'HCAL', 'MM1', 'ST1'][i % 4], channel: int(72), ix: int(6), iy: int(6), layer: int(2), plane: -1, strip: -1, source_id: 600 + int(10), port: int(8), chip_channel: int(16), samples: tdc ? [] : Array.from({ length: 32 }, () => 200 + int(4000) - 100), tdc: tdc ? int(60000) : -1 });
      }
      const nHits = int(6);
      for (let i = 0; i < nHits; i++) {
        out.hits.push({ ...key, detector: ['ECAL', 'HCAL', 'MM'][i % 3], ix: int(6), iy: int(6), layer: int(2), plane: -1, strip: Number.NaN, cluster_size: 1, energy: f32(rnd() * 100), charge: f32(rnd() * 4000), time: f32(rnd() * 50), x: f32(rnd() * 200 - 100), y: f32(rnd() * 200 - 100), z: f32(rnd() * 20000), truth: nTruth ? int(nTruth) : -1 });
      }
      const nTracks = int(3);
      for (let i = 0; i < nTracks; i++) {
        out.tracks.push({ ...key, station: i, charge: -1, momentum: f32(100 * rnd()), x: f32(rnd()), y: f32(rnd()), z: f32(rnd() * 1000), tx: f32(rnd() * 1e-3), ty: f32(rnd() * 1e-3), chi2: f32(rnd() * 10), ndf: 4, hits: nHits ? Array.from({ length: 1 + int(nHits) }, (_, k) => k % nHits) : [] });
      }
      out.events.push({
        ...key, event_in_run: ++eventInRun, trigger_mask: 1 + int(3), time: 1.5e9 + s * 20 + rnd() * 4.8, weight: 1,
        e_ecal: f32(rnd() * 100), e_ecal_pre: f32(rnd() * 5), e_hcal: f32(rnd() * 10), e_hcal_modules: [f32(rnd()), f32(rnd()), f32(rnd()), f32(rnd())],
        e_wcal: 0, e_veto: f32(rnd() * 0.01), e_srd: f32(rnd() * 0.1), ecal_cog_x: f32(rnd() * 10), ecal_cog_y: Number.NaN, p_in: f32(100 * rnd()), n_tracks: nTracks, tags: int(8),
        digits_offset: 0, digits_count: 0, hits_offset: 0, hits_count: 0, tracks_offset: 0, tracks_count: 0, truth_offset: 0, truth_count: 0,
      });
    }
  }
  // Fill the offsets the way the writer must compute them.
  for (const c of ['digits', 'hits', 'tracks', 'truth'] as const) {
    let next = 0;
    for (const ev of out.events) {
      const n = out[c].filter((r) => r.spill === ev.spill && r.event === ev.event).length;
      ev[`${c}_offset`] = next;
      ev[`${c}_count`] = n;
      next += n;
    }
  }
  return out;
}

/** Splits a sample run into writer bundles of `eventsPerBundle` whole events. */
export function bundlesOf(run: SampleRun, eventsPerBundle: number): EventBundle[] {
  const bundles: EventBundle[] = [];
  for (let i = 0; i < run.events.length; i += eventsPerBundle) {
    const events = run.events.slice(i, i + eventsPerBundle);
    const inBundle = (r: { spill: number; event: number }) => events.some((e) => e.spill === r.spill && e.event === r.event);
    bundles.push({
      events: rowsToBatch('events', events),
      digits: rowsToBatch('digits', run.digits.filter(inBundle)),
      hits: rowsToBatch('hits', run.hits.filter(inBundle)),
      tracks: rowsToBatch('tracks', run.tracks.filter(inBundle)),
      truth: rowsToBatch('truth', run.truth.filter(inBundle)),
    });
  }
  return bundles;
}

export type { BatchOf };
