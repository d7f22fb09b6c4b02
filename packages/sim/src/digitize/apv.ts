/**
 * APV25 digitizer (Micromegas, GEM): the charge of a plane crossing, A = E / gain ADC counts
 * (gain in GeV per count from the calibration) times a gain fluctuation, is shared over the
 * strips by a Gaussian charge cloud (rms APV_CLOUD_MM); each strip gives three frames 25 ns apart
 * on a CR-RC shape f(t) = (t/tau) exp(1 - t/tau), tau = 50 ns, sampled at 25, 50, 75 ns after
 * the signal start (plus the calibration time offset):
 *   frame_k = clamp(round(ped + a f(t_k) + sigma N(0,1)), 0, 1023)
 * with the per-strip pedestal and sigma of the calibration table. Sparse mode: a strip is written
 * when a frame exceeds ped + APV_ZS_SIGMA sigma. Noise-only strips above threshold are generated
 * directly from the Gaussian tail (Poisson count per plane, Marsaglia's tail method), so empty
 * strips cost nothing. Frames are not pedestal-subtracted.
 * Port = 16 * ADC id + chip id (the APV chip header has a 4-bit chip id).
 */
import type { Rng } from '../random/rng.ts';
import type { ApvReadout, ElementModel, PlaneModel } from '../sim/setup-model.ts';
import type { ElementSignals, PlaneCrossing } from '../sim/signals.ts';
import type { ChannelSink, Digitizer, DigitizerContext } from './types.ts';
import { fastNormal, normalCdf, normalCdfFast, normalHi, normalLo, roundHalfUp } from './types.ts';

export const APV_SHAPING_NS = 50;
export const APV_FRAME_NS = 25;
/** Sampling times of the three frames after the signal start, ns. */
export const APV_FRAME_TIMES_NS = [25, 50, 75] as const;
/** Charge-cloud rms across the strips, mm (approx.). */
export const APV_CLOUD_MM = 0.3;
/** Relative rms of the avalanche gain fluctuation (Gamma-distributed factor, approx.). */
export const APV_GAIN_SPREAD = 0.2;
/** Shape k = 1 / APV_GAIN_SPREAD^2 of that Gamma factor (mean 1: scale 1 / k), as an exact integer. */
const APV_GAIN_SHAPE = Math.round(1 / (APV_GAIN_SPREAD * APV_GAIN_SPREAD));
/** Sparse-mode threshold in units of the strip sigma. */
export const APV_ZS_SIGMA = 4;
export const APV_MAX_COUNT = 1023;

export function apvShape(tNs: number): number {
  if (tNs <= 0) return 0;
  const x = tNs / APV_SHAPING_NS;
  return x * Math.exp(1 - x);
}

/** Probability that at least one of three noise frames exceeds the threshold. */
const NOISE_HIT_PROBABILITY = 1 - Math.pow(normalCdf(APV_ZS_SIGMA), 3);

/** Standard normal conditioned on x > a (G. Marsaglia, Technometrics 6 (1964) 101). */
function normalTail(a: number, rng: Rng): number {
  for (;;) {
    const x = Math.sqrt(a * a - 2 * Math.log(rng.uniformOpen()));
    if (rng.uniform() * x < a) return x;
  }
}

export class ApvDigitizer implements Digitizer {
  readonly kind = 'apv' as const;
  readonly element: string;
  readonly sources: readonly number[];
  private readonly ro: ApvReadout;
  /** Shape values at the three frame times (the element's time offset is fixed per run). */
  private readonly shape: [number, number, number];
  private readonly fMax: number;
  /** Calibration table of each plane (undefined: plane not calibrated, not read out). */
  private readonly tables: ({ pedestal: number[]; sigma: number[] } | undefined)[];
  /** Per plane: exp(-mean number of noise-only strips above threshold). */
  private readonly noiseHitLimit: Float64Array;
  // Scratch: strips and amplitudes of the plane being digitized.
  private strips = new Int32Array(64);
  private amps = new Float64Array(64);
  private n = 0;
  /** Strips of the current plane written so far (few; scanned linearly). */
  private emitted = new Int32Array(64);
  private nEmitted = 0;

  constructor(el: ElementModel) {
    if (el.readout?.kind !== 'apv') throw new Error(`element "${el.name}" is not read out by APV25 chips`);
    this.element = el.name;
    this.ro = el.readout;
    const s = new Set<number>();
    for (const p of this.ro.planes) for (const v of p.source) if (v >= 0) s.add(v);
    this.sources = [...s].sort((a, b) => a - b);
    const t0 = this.ro.cal.timeOffset;
    this.shape = [apvShape(APV_FRAME_TIMES_NS[0] - t0), apvShape(APV_FRAME_TIMES_NS[1] - t0), apvShape(APV_FRAME_TIMES_NS[2] - t0)];
    this.fMax = Math.max(...this.shape);
    this.tables = this.ro.planes.map((p) => this.ro.cal.planes[p.name]);
    this.noiseHitLimit = Float64Array.from(this.ro.planes, (p) => Math.exp(-NOISE_HIT_PROBABILITY * p.count));
  }

  digitize(signals: ElementSignals, ctx: DigitizerContext, sink: ChannelSink): void {
    const rng = ctx.rng;
    const crossings = signals.crossings;
    const planes = this.ro.planes;
    const sh0 = this.shape[0];
    const sh1 = this.shape[1];
    const sh2 = this.shape[2];
    for (let pi = 0; pi < planes.length; pi++) {
      const plane = planes[pi];
      const table = this.tables[pi];
      if (!table) continue;
      this.n = 0;
      this.nEmitted = 0;
      for (let c = 0; c < signals.crossingCount; c++) {
        const cr = crossings[c];
        if (cr.plane !== plane.index || !(cr.energy > 0)) continue;
        this.share(plane, cr, rng);
      }
      const f = this.frames;
      const pedestal = table.pedestal;
      const sigmas = table.sigma;
      for (let j = 0; j < this.n; j++) {
        const strip = this.strips[j];
        const a = this.amps[j];
        const ped = pedestal[strip];
        const sigma = sigmas[strip];
        // Noise from the table never exceeds 3.55 sigma: such a strip could only pass through
        // a noise fluctuation, which the noise-hit process below covers.
        if (a * this.fMax + 3.56 * sigma <= APV_ZS_SIGMA * sigma) continue;
        const thr = APV_ZS_SIGMA * sigma;
        const r = rng.nextUint32();
        let v0 = roundHalfUp(ped + a * sh0 + sigma * normalHi(r));
        if (v0 < 0) v0 = 0;
        else if (v0 > APV_MAX_COUNT) v0 = APV_MAX_COUNT;
        let v1 = roundHalfUp(ped + a * sh1 + sigma * normalLo(r));
        if (v1 < 0) v1 = 0;
        else if (v1 > APV_MAX_COUNT) v1 = APV_MAX_COUNT;
        let v2 = roundHalfUp(ped + a * sh2 + sigma * fastNormal(rng));
        if (v2 < 0) v2 = 0;
        else if (v2 > APV_MAX_COUNT) v2 = APV_MAX_COUNT;
        if (v0 - ped > thr || v1 - ped > thr || v2 - ped > thr) {
          f[0] = v0;
          f[1] = v1;
          f[2] = v2;
          this.emit(plane, strip, f, sink);
        }
      }
      // Noise-only strips above threshold.
      const nNoise = rng.poissonSmall(this.noiseHitLimit[pi]);
      for (let h = 0; h < nNoise; h++) {
        const strip = rng.integer(plane.count);
        if (this.wasEmitted(strip)) continue;
        const ped = pedestal[strip];
        const sigma = sigmas[strip];
        const hot = rng.integer(3);
        for (let k = 0; k < 3; k++) {
          const z = k === hot ? normalTail(APV_ZS_SIGMA, rng) : fastNormal(rng);
          f[k] = Math.min(APV_MAX_COUNT, Math.max(0, roundHalfUp(ped + sigma * z)));
        }
        if (Math.max(f[0], f[1], f[2]) - ped > APV_ZS_SIGMA * sigma) this.emit(plane, strip, f, sink);
      }
    }
  }

  private readonly frames: [number, number, number] = [0, 0, 0];

  /**
   * Adds a crossing's charge, energy / gain times the Gamma gain fluctuation, shared over the
   * strips by the Gaussian cloud around its coordinate u.
   */
  private share(plane: PlaneModel, crossing: PlaneCrossing, rng: Rng): void {
    // Objects and integers in, not doubles: a double argument of a call that is not inlined is
    // boxed, which made this call site the largest source of garbage per event.
    const u = crossing.u;
    const q = (crossing.energy / this.ro.cal.gain) * (rng.gamma(APV_GAIN_SHAPE) / APV_GAIN_SHAPE);
    const p = plane.pitch;
    const centre = roundHalfUp((u - plane.u0) / p);
    const reach = Math.ceil((3 * APV_CLOUD_MM) / p);
    const lo = Math.max(0, centre - reach);
    const hi = Math.min(plane.count - 1, centre + reach);
    let cdfLo = normalCdfFast((plane.u0 + lo * p - p / 2 - u) / APV_CLOUD_MM);
    const n0 = this.n;
    for (let s = lo; s <= hi; s++) {
      const cdfHi = normalCdfFast((plane.u0 + s * p + p / 2 - u) / APV_CLOUD_MM);
      const frac = cdfHi - cdfLo;
      cdfLo = cdfHi;
      if (frac < 1e-4) continue;
      // Strips of this crossing are new (ascending s): search only those of earlier crossings.
      let j = 0;
      while (j < n0 && this.strips[j] !== s) j++;
      if (j === n0) j = this.n;
      if (j === this.n) {
        if (this.n === this.strips.length) {
          const st = new Int32Array(2 * this.n);
          st.set(this.strips);
          this.strips = st;
          const am = new Float64Array(2 * this.n);
          am.set(this.amps);
          this.amps = am;
        }
        this.strips[j] = s;
        this.amps[j] = 0;
        this.n++;
      }
      this.amps[j] += q * frac;
    }
  }

  private wasEmitted(strip: number): boolean {
    for (let i = 0; i < this.nEmitted; i++) if (this.emitted[i] === strip) return true;
    return false;
  }

  private emit(plane: PlaneModel, strip: number, frames: [number, number, number], sink: ChannelSink): void {
    const source = plane.source[strip];
    if (source < 0) return;
    if (this.nEmitted === this.emitted.length) {
      const e = new Int32Array(2 * this.nEmitted);
      e.set(this.emitted);
      this.emitted = e;
    }
    this.emitted[this.nEmitted++] = strip;
    sink.apv(source, plane.port[strip], plane.channel[strip], frames[0], frames[1], frames[2]);
  }
}
