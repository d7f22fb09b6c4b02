/**
 * A tiny "digits from deposits" generator for the reconstruction tests: the inverse of the
 * calibration (amplitude = E / gain, the shared pulse shapes, even/odd pedestals, Gaussian
 * noise), so that known deposits can be fed through reconstructBundle. The real digitizer lives
 * in the simulator; end-to-end tests will use that one.
 */
import {
  STRAW_T0_NS,
  buildChannelIndex,
  calibrationForRun,
  getElement,
  getPlane,
  planePitch,
  readoutIndex,
  rowsToBatch,
  stripCoordinate,
  type BatchOf,
  type DigitRow,
  type EventRow,
  type Setup,
} from '@na64/format';
import { APV_FRAME_NS, APV_MAX, MSADC_MAX, MSADC_SAMPLE_NS, MSADC_TRIGGER_NS, apvPulseShape, msadcPulseTemplate } from '@na64/reco';

/** Seeded generator (mulberry32) with a Gaussian (Box-Muller). */
export class TestRng {
  private a: number;
  private spare = NaN;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  uniform(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  gauss(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    const u = 1 - this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

export interface CellDeposit {
  element: string;
  ix: number;
  iy: number;
  section: number;
  /** GeV */
  energy: number;
  /** ns relative to the trigger (default 0). */
  time?: number;
}

export interface StripDeposit {
  element: string;
  plane: string;
  /** Measured coordinate where the charge is centred, mm. */
  u: number;
  /** Total cluster charge, ADC counts at the pulse maximum. */
  charge: number;
  /** Gaussian width of the charge sharing, in strips (default 0.7). */
  width?: number;
  /** Pulse start relative to the trigger, ns (default 0). */
  time?: number;
}

export interface StrawDeposit {
  element: string;
  plane: string;
  /** Measured coordinate of the crossing, mm. */
  u: number;
}

export interface EventDeposits {
  spill: number;
  event: number;
  cells?: CellDeposit[];
  strips?: StripDeposit[];
  straws?: StrawDeposit[];
}

export interface DigitizeOptions {
  /** Add Gaussian noise with the calibration's noise / sigma (default true). */
  noise?: boolean;
}

/** Digits of the given events (sorted by key), as the converter would hand them to the reconstruction. */
export function digitize(setup: Setup, run: number, events: EventDeposits[], rng: TestRng, options: DigitizeOptions = {}): BatchOf<'digits'> {
  const withNoise = options.noise ?? true;
  const index = buildChannelIndex(setup);
  const rows: DigitRow[] = [];
  const sorted = [...events].sort((a, b) => a.spill - b.spill || a.event - b.event);
  for (const ev of sorted) {
    const base = { run, spill: ev.spill, event: ev.event };
    // ---- cells: sum deposits per cell first
    const perCell = new Map<string, { element: string; ix: number; iy: number; section: number; pulses: { e: number; t: number }[] }>();
    for (const c of ev.cells ?? []) {
      const k = `${c.element}:${c.ix}:${c.iy}:${c.section}`;
      let entry = perCell.get(k);
      if (!entry) perCell.set(k, (entry = { element: c.element, ix: c.ix, iy: c.iy, section: c.section, pulses: [] }));
      entry.pulses.push({ e: c.energy, t: c.time ?? 0 });
    }
    for (const c of perCell.values()) {
      const el = getElement(setup, c.element);
      const cal = calibrationForRun(el, run);
      if (cal?.digitizer !== 'msadc' || el.segmentation?.type !== 'cells') throw new Error(`${c.element} is not an MSADC cell detector`);
      const r = el.readout;
      const nSamples = r && r.digitizer === 'msadc' ? r.samples : 32;
      for (let pmt = 0; pmt < el.segmentation.pmtsPerCell; pmt++) {
        const ch = readoutIndex(el, { ix: c.ix, iy: c.iy, section: c.section, pmt });
        const channels = index.channelsOf(c.element);
        // digit channel = index in the element's expanded channel map (as na64 convert writes it)
        const mapIndex = channels.findIndex((m) => m.target.type === 'cell' && m.target.ix === c.ix && m.target.iy === c.iy && m.target.section === c.section && m.target.pmt === pmt);
        const mapped = channels[mapIndex];
        const samples: number[] = [];
        for (let k = 0; k < nSamples; k++) {
          let v = k % 2 === 0 ? cal.pedestalEven[ch] : cal.pedestalOdd[ch];
          for (const p of c.pulses) {
            const A = p.e / cal.gain[ch];
            const T = MSADC_TRIGGER_NS + p.t + cal.timeOffset[ch];
            v += A * msadcPulseTemplate(k * MSADC_SAMPLE_NS - T);
          }
          if (withNoise) v += cal.noise[ch] * rng.gauss();
          samples.push(Math.max(0, Math.min(MSADC_MAX, Math.round(v))));
        }
        rows.push({
          ...base,
          detector: c.element,
          channel: mapIndex,
          ix: c.ix,
          iy: c.iy,
          layer: c.section,
          plane: -1,
          strip: -1,
          source_id: mapped?.source ?? -1,
          port: mapped?.port ?? -1,
          chip_channel: mapped?.channel ?? -1,
          samples,
          tdc: -1,
        });
      }
    }
    // ---- strips: charge per strip, summed over deposits
    const perStrip = new Map<string, { element: string; plane: number; strip: number; frames: number[] }>();
    for (const s of ev.strips ?? []) {
      const el = getElement(setup, s.element);
      const plane = getPlane(el, s.plane);
      const pi = (el.segmentation as { planes: { name: string }[] }).planes.findIndex((p) => p.name === s.plane);
      const pitch = planePitch(plane);
      const u0 = stripCoordinate(el, pi, 0);
      const f = (s.u - u0) / pitch;
      const w = s.width ?? 0.7;
      for (let strip = Math.floor(f - 4 * w); strip <= Math.ceil(f + 4 * w); strip++) {
        if (strip < 0 || strip >= plane.count) continue;
        const share = normalCdf((strip + 0.5 - f) / w) - normalCdf((strip - 0.5 - f) / w);
        const q = s.charge * share;
        const k = `${s.element}:${pi}:${strip}`;
        let entry = perStrip.get(k);
        if (!entry) perStrip.set(k, (entry = { element: s.element, plane: pi, strip, frames: [0, 0, 0] }));
        for (let fr = 0; fr < 3; fr++) entry.frames[fr] += q * apvPulseShape(APV_FRAME_NS[fr] - (s.time ?? 0));
      }
    }
    for (const s of perStrip.values()) {
      const el = getElement(setup, s.element);
      const cal = calibrationForRun(el, run);
      if (cal?.digitizer !== 'apv') throw new Error(`${s.element} is not an APV detector`);
      const planeName = getPlane(el, s.plane).name;
      const pc = cal.planes[planeName]!;
      const channels = index.channelsOf(s.element);
      const mapIndex = channels.findIndex((m) => m.target.type === 'strip' && m.target.plane === planeName && m.target.strip === s.strip);
      const mapped = channels[mapIndex];
      const frames = s.frames.map((q) => {
        const v = pc.pedestal[s.strip] + q + (withNoise ? pc.sigma[s.strip] * rng.gauss() : 0);
        return Math.max(0, Math.min(APV_MAX, Math.round(v)));
      });
      rows.push({
        ...base,
        detector: s.element,
        channel: mapIndex,
        ix: -1,
        iy: -1,
        layer: -1,
        plane: s.plane,
        strip: s.strip,
        source_id: mapped?.source ?? -1,
        port: mapped?.port ?? -1,
        chip_channel: mapped?.channel ?? -1,
        samples: frames,
        tdc: -1,
      });
    }
    // ---- straws
    for (const s of ev.straws ?? []) {
      const el = getElement(setup, s.element);
      const cal = calibrationForRun(el, run);
      if (cal?.digitizer !== 'tdc') throw new Error(`${s.element} is not a straw detector`);
      const plane = getPlane(el, s.plane);
      const pi = (el.segmentation as { planes: { name: string }[] }).planes.findIndex((p) => p.name === s.plane);
      const pitch = planePitch(plane);
      const u0 = stripCoordinate(el, pi, 0);
      const tube = Math.round((s.u - u0) / pitch);
      if (tube < 0 || tube >= plane.count) continue;
      const r = Math.abs(s.u - (u0 + tube * pitch));
      const t = STRAW_T0_NS + r / cal.driftVelocity + cal.planes[plane.name]!.timeOffset[tube];
      const channels = index.channelsOf(s.element);
      const mapIndex = channels.findIndex((m) => m.target.type === 'strip' && m.target.plane === plane.name && m.target.strip === tube);
      const mapped = channels[mapIndex];
      rows.push({
        ...base,
        detector: s.element,
        channel: mapIndex,
        ix: -1,
        iy: -1,
        layer: -1,
        plane: pi,
        strip: tube,
        source_id: mapped?.source ?? -1,
        port: mapped?.port ?? -1,
        chip_channel: mapped?.channel ?? -1,
        samples: [],
        tdc: Math.max(0, Math.round(t / cal.tdcBin)),
      });
    }
  }
  return rowsToBatch('digits', rows);
}

/** An events batch with keys filled and the reconstruction columns zero. */
export function eventsBatch(run: number, keys: { spill: number; event: number }[]): BatchOf<'events'> {
  const sorted = [...keys].sort((a, b) => a.spill - b.spill || a.event - b.event);
  const rows: EventRow[] = sorted.map((k, i) => ({
    run,
    spill: k.spill,
    event: k.event,
    event_in_run: i,
    trigger_mask: 1,
    time: 1.5e9 + i * 1e-3,
    weight: 1,
    e_ecal: 0,
    e_ecal_pre: 0,
    e_hcal: 0,
    e_hcal_modules: [],
    e_wcal: 0,
    e_veto: 0,
    e_srd: 0,
    ecal_cog_x: NaN,
    ecal_cog_y: NaN,
    p_in: NaN,
    n_tracks: 0,
    tags: 0,
    digits_offset: 0,
    digits_count: 0,
    hits_offset: 0,
    hits_count: 0,
    tracks_offset: 0,
    tracks_count: 0,
    truth_offset: 0,
    truth_count: 0,
  }));
  return rowsToBatch('events', rows);
}
