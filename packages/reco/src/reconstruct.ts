/**
 * reconstructBundle: the per-bundle entry point the converter calls. Digits of a bundle of
 * events -> hits -> tracks -> event summaries -> tags, all column-wise.
 */
import type { BatchOf, Setup } from '@na64/format';
import { defaultRecoConfig, resolveSelectionConfig, type RecoConfig, type SelectionConfig } from './config.ts';
import { setupModel, type SetupModel } from './detector-model.ts';
import { HitsBuilder, TracksBuilder } from './hits-builder.ts';
import { HitScratch, apvHits, strawHits, type EventKey } from './hits.ts';
import { msadcHits } from './msadc-hits.ts';
import { EventDigitGroups } from './event-digits.ts';
import { EventSums } from './event-sums.ts';
import { computeTags } from './selection.ts';
import { reconstructEventTracks } from './tracking.ts';

export interface RecoBundleInput {
  setup: Setup;
  run: number;
  /** Keys, event_in_run, trigger_mask, time, weight filled; the summary columns and tags are filled here. */
  events: BatchOf<'events'>;
  /** All digits of these events, sorted by (run, spill, event). */
  digits: BatchOf<'digits'>;
  /** Reconstruction parameters (defaults: defaultRecoConfig(setup)). */
  reco?: Partial<RecoConfig>;
  /** Selection cuts (defaults: defaultSelectionConfig(setup)). */
  selection?: SelectionConfig;
}

export interface RecoBundleOutput {
  /** Sorted by key; truth = -1. */
  hits: BatchOf<'hits'>;
  /** Sorted by key. */
  tracks: BatchOf<'tracks'>;
  /** The events batch with the summary columns and tags filled. */
  events: BatchOf<'events'>;
}

function keyCompare(r1: number, s1: number, e1: number, r2: number, s2: number, e2: number): number {
  return r1 !== r2 ? r1 - r2 : s1 !== s2 ? s1 - s2 : e1 - e2;
}

function f32(a: Float32Array | undefined, n: number): Float32Array {
  return a && a.length === n ? a : new Float32Array(n);
}
function i32(a: Int32Array | undefined, n: number): Int32Array {
  return a && a.length === n ? a : new Int32Array(n);
}

/** Reconstructs one bundle of events (see the README for the algorithms). */
export function reconstructBundle(input: RecoBundleInput): RecoBundleOutput {
  const { setup, run, digits } = input;
  const cfg: RecoConfig = { ...defaultRecoConfig(setup), ...input.reco };
  const sel = input.selection ?? resolveSelectionConfig(setup);
  const model: SetupModel = setupModel(setup, run, { strawResolution: cfg.strawResolution, splitAtCalorimeters: cfg.splitAtCalorimeters });
  const ev = input.events;
  const nEvents = ev.run.length;
  const nDigits = digits.run.length;

  // Outputs.
  // At most one hit per MSADC or APV digit and two per straw digit (mirror pair, the digits with
  // a TDC time): sized once so that the columns are never regrown.
  let tdcDigits = 0;
  for (let k = 0; k < nDigits; k++) if (digits.tdc[k] !== -1) tdcDigits++;
  const hits = new HitsBuilder(
    model.elements.map((m) => m.family),
    Math.max(1024, nDigits + tdcDigits + 16),
  );
  const tracks = new TracksBuilder();
  const eEcal = f32(ev.e_ecal, nEvents);
  const eEcalPre = f32(ev.e_ecal_pre, nEvents);
  const eHcal = f32(ev.e_hcal, nEvents);
  const eWcal = f32(ev.e_wcal, nEvents);
  const eVeto = f32(ev.e_veto, nEvents);
  const eSrd = f32(ev.e_srd, nEvents);
  const cogX = f32(ev.ecal_cog_x, nEvents);
  const cogY = f32(ev.ecal_cog_y, nEvents);
  const pIn = f32(ev.p_in, nEvents);
  const nTracks = i32(ev.n_tracks, nEvents);
  const tags = i32(ev.tags, nEvents);
  const M = model.hcalModules;
  const modOffsets = new Int32Array(nEvents + 1);
  for (let i = 0; i <= nEvents; i++) modOffsets[i] = i * M;
  const modValues = new Float32Array(nEvents * M);

  const scratch = new HitScratch();
  const sums = new EventSums(model, sel);
  const groups = new EventDigitGroups(model, digits);
  const dRun = digits.run;
  const dSpill = digits.spill;
  const dEvent = digits.event;
  let d = 0; // digits cursor
  for (let i = 0; i < nEvents; i++) {
    const key: EventKey = { run: ev.run[i], spill: ev.spill[i], event: ev.event[i] };
    // Skip digits of events not in the batch (should not happen with sorted input).
    while (d < nDigits && keyCompare(dRun[d], dSpill[d], dEvent[d], key.run, key.spill, key.event) < 0) d++;
    const d0 = d;
    while (d < nDigits && dRun[d] === key.run && dSpill[d] === key.spill && dEvent[d] === key.event) d++;
    groups.group(d0, d);
    const h0 = hits.length;
    const rows = groups.rows;
    for (let g = 0; g < groups.nRuns; g++) {
      const m = model.elements[groups.runElement[g]];
      const r0 = groups.runStart[g];
      const r1 = groups.runEnd[g];
      if (m.digitizer === 'msadc') msadcHits(m, digits, rows, r0, r1, key, cfg.msadcThresholdSigma, scratch, hits);
      else if (m.digitizer === 'apv') apvHits(m, digits, rows, r0, r1, key, cfg, scratch, hits);
      else if (m.digitizer === 'tdc') strawHits(m, digits, rows, r0, r1, key, scratch, hits);
    }
    const h1 = hits.length;

    const summary = sums.sum(hits, h0, h1);
    const tr = reconstructEventTracks(model, cfg, hits, h0, h1, key, tracks);
    summary.pIn = tr.pIn;
    summary.nTracks = tr.nTracks;
    eEcal[i] = summary.eEcal;
    eEcalPre[i] = summary.eEcalPre;
    eHcal[i] = summary.eHcal;
    eWcal[i] = summary.eWcal;
    eVeto[i] = summary.eVeto;
    eSrd[i] = summary.eSrd;
    cogX[i] = summary.cogX;
    cogY[i] = summary.cogY;
    pIn[i] = tr.pIn;
    nTracks[i] = tr.nTracks;
    for (let k = 0; k < M; k++) modValues[i * M + k] = summary.hcalModules[k];
    tags[i] = computeTags(summary, sel);
  }

  const events: BatchOf<'events'> = {
    ...ev,
    e_ecal: eEcal,
    e_ecal_pre: eEcalPre,
    e_hcal: eHcal,
    e_hcal_modules: { offsets: modOffsets, values: modValues },
    e_wcal: eWcal,
    e_veto: eVeto,
    e_srd: eSrd,
    ecal_cog_x: cogX,
    ecal_cog_y: cogY,
    p_in: pIn,
    n_tracks: nTracks,
    tags,
  };
  return { hits: hits.toBatch(), tracks: tracks.toBatch(), events };
}
