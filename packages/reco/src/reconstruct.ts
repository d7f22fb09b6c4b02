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
import { computeTags, type EventSummary } from './selection.ts';
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
  const nEl = model.elements.length;

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

  // Per-element roles.
  const fam = new Int8Array(nEl); // 1 ECAL, 2 HCAL, 3 WCAL, 4 VETO, 5 SRD
  const isCalo = new Uint8Array(nEl);
  for (const m of model.elements) {
    fam[m.index] = m.family === 'ECAL' ? 1 : m.family === 'HCAL' ? 2 : m.family === 'WCAL' ? 3 : m.family === 'VETO' ? 4 : m.family === 'SRD' ? 5 : 0;
    isCalo[m.index] = m.element.kind === 'calorimeter' ? 1 : 0;
  }
  const ecalPreshower = (m: number): boolean => fam[m] === 1 && model.elements[m].nSections > 1;

  // Scratch.
  const scratch = new HitScratch();
  const counts = new Int32Array(nEl + 1);
  const starts = new Int32Array(nEl + 1);
  let rows = new Int32Array(256);
  const elementEnergy = new Float64Array(nEl);
  const hcalModules = new Float64Array(M);
  const summary: EventSummary = {
    eEcal: 0,
    eEcalPre: 0,
    eHcal: 0,
    hcalModules,
    eWcal: 0,
    eVeto: 0,
    eSrd: 0,
    cogX: NaN,
    cogY: NaN,
    pIn: NaN,
    nTracks: 0,
    elementEnergy: (name) => {
      const i = model.byName.get(name);
      return i === undefined ? 0 : elementEnergy[i];
    },
    outOfTime: false,
  };

  let d = 0; // digits cursor
  let lastName = '';
  let lastIndex = -1;
  const elementOfDigit = new Int32Array(256);
  let elOf = elementOfDigit;
  for (let i = 0; i < nEvents; i++) {
    const key: EventKey = { run: ev.run[i], spill: ev.spill[i], event: ev.event[i] };
    // Skip digits of events not in the batch (should not happen with sorted input).
    while (d < nDigits && keyCompare(digits.run[d], digits.spill[d], digits.event[d], key.run, key.spill, key.event) < 0) d++;
    const d0 = d;
    while (d < nDigits && digits.run[d] === key.run && digits.spill[d] === key.spill && digits.event[d] === key.event) d++;
    const nd = d - d0;
    // Bucket the event's digits by element (counting sort, setup order).
    if (rows.length < nd) {
      rows = new Int32Array(nd * 2);
      elOf = new Int32Array(nd * 2);
    }
    counts.fill(0);
    for (let k = 0; k < nd; k++) {
      const name = digits.detector[d0 + k];
      if (name !== lastName) {
        lastName = name;
        lastIndex = model.byName.get(name) ?? -1;
      }
      elOf[k] = lastIndex;
      if (lastIndex >= 0) counts[lastIndex + 1]++;
    }
    starts[0] = 0;
    for (let e = 0; e < nEl; e++) starts[e + 1] = starts[e] + counts[e + 1];
    counts.fill(0);
    for (let k = 0; k < nd; k++) {
      const e = elOf[k];
      if (e >= 0) rows[starts[e] + counts[e]++] = d0 + k;
    }
    const h0 = hits.length;
    for (let e = 0; e < nEl; e++) {
      const r0 = starts[e];
      const r1 = starts[e + 1];
      if (r1 === r0) continue;
      const m = model.elements[e];
      if (m.digitizer === 'msadc') msadcHits(m, digits, rows, r0, r1, key, cfg.msadcThresholdSigma, scratch, hits);
      else if (m.digitizer === 'apv') apvHits(m, digits, rows, r0, r1, key, cfg, scratch, hits);
      else if (m.digitizer === 'tdc') strawHits(m, digits, rows, r0, r1, key, scratch, hits);
    }
    const h1 = hits.length;

    // Summaries.
    elementEnergy.fill(0);
    hcalModules.fill(0);
    let sEcal = 0, sPre = 0, sHcal = 0, sWcal = 0, sVeto = 0, sSrd = 0, sx = 0, sy = 0;
    let outOfTime = false;
    for (let h = h0; h < h1; h++) {
      const e = hits.element[h];
      const E = hits.energy[h];
      if (E === 0) continue;
      elementEnergy[e] += E;
      switch (fam[e]) {
        case 1:
          sEcal += E;
          sx += E * hits.x[h];
          sy += E * hits.y[h];
          if (hits.layer[h] === 0 && ecalPreshower(e)) sPre += E;
          break;
        case 2:
          sHcal += E;
          hcalModules[model.elements[e].hcalModule0 + hits.layer[h]] += E;
          break;
        case 3:
          sWcal += E;
          break;
        case 4:
          sVeto += E;
          break;
        case 5:
          sSrd += E;
          break;
      }
      if (isCalo[e] && E > sel.pileup.minEnergy && Math.abs(hits.time[h]) > sel.pileup.timeNs) outOfTime = true;
    }
    const tr = reconstructEventTracks(model, cfg, hits, h0, h1, key, tracks);
    summary.eEcal = sEcal;
    summary.eEcalPre = sPre;
    summary.eHcal = sHcal;
    summary.eWcal = sWcal;
    summary.eVeto = sVeto;
    summary.eSrd = sSrd;
    summary.cogX = sEcal > 0 ? sx / sEcal : NaN;
    summary.cogY = sEcal > 0 ? sy / sEcal : NaN;
    summary.pIn = tr.pIn;
    summary.nTracks = tr.nTracks;
    summary.outOfTime = outOfTime;
    eEcal[i] = sEcal;
    eEcalPre[i] = sPre;
    eHcal[i] = sHcal;
    eWcal[i] = sWcal;
    eVeto[i] = sVeto;
    eSrd[i] = sSrd;
    cogX[i] = summary.cogX;
    cogY[i] = summary.cogY;
    pIn[i] = tr.pIn;
    nTracks[i] = tr.nTracks;
    for (let k = 0; k < M; k++) modValues[i * M + k] = hcalModules[k];
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
