/**
 * One interface for every digitizer kind (MSADC, APV25, straw TDC): each turns the signals one
 * element received in an event into read-out channels addressed by (source id, port, chip
 * channel) through the inverse of the setup's channel map. A `PayloadCollector` gathers the
 * channels of all digitizers per source and builds the codec payloads.
 */
import type { Rng } from '../random/rng.ts';
import type { ElementSignals } from '../sim/signals.ts';

export type DigitizerKind = 'msadc' | 'apv' | 'tdc';

export interface DigitizerContext {
  /** Event number in the spill (block headers carry it & 4095). */
  eventInSpill: number;
  rng: Rng;
}

/** One MSADC channel: samples are copied by the collector. */
export interface MsadcChannelOut {
  port: number;
  channel: number;
  sum: number;
  samples: Uint16Array;
}

/** One straw TDC hit: copied by the collector. */
export interface TdcHitOut {
  port: number;
  channel: number;
  time: number;
}

/** Sink the digitizers write channels into, per source id. */
export interface ChannelSink {
  msadc(source: number, ch: MsadcChannelOut): void;
  /** One APV strip: port (= 16 * ADC id + chip id), chip channel and its three frames. */
  apv(source: number, port: number, channel: number, f0: number, f1: number, f2: number): void;
  tdc(source: number, hit: TdcHitOut): void;
}

export interface Digitizer {
  readonly kind: DigitizerKind;
  /** Name of the element it reads out. */
  readonly element: string;
  /** Source ids its channels use. */
  readonly sources: readonly number[];
  /** Writes this event's channels of the element into `sink`. */
  digitize(signals: ElementSignals, ctx: DigitizerContext, sink: ChannelSink): void;
}

/**
 * Math.round(x) for the digitizers' counts: equal to it for every |x| < 2^52 except x =
 * 0.49999999999999994 (gives 1) and the sign of a zero result. V8 compiles Math.round to a
 * data-dependent branch that noisy samples mispredict half the time (~13 ns per call measured);
 * Math.floor is a single instruction.
 */
export function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5);
}

/**
 * Normal deviates from a 4096-entry inverse-CDF table (bin midpoints) indexed by 12 random bits:
 * fast, exact to the table's resolution, tails cut at 3.55 sigma (approx.; used for electronics
 * noise only, where the zero suppression and rounding make the far tails irrelevant).
 */
const NORMAL_TABLE = (() => {
  const n = 4096;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = inverseNormal((i + 0.5) / n);
  return t;
})();

export function fastNormal(rng: Rng): number {
  return NORMAL_TABLE[rng.nextUint32() >>> 20];
}

/**
 * Two independent table deviates from one 32-bit draw r: `normalHi(r)` from bits 31..20,
 * `normalLo(r)` from bits 19..8 (every output bit of xoshiro128** is equally random), which
 * halves the generator calls of the per-sample electronics noise.
 */
export function normalHi(r: number): number {
  return NORMAL_TABLE[r >>> 20];
}

export function normalLo(r: number): number {
  return NORMAL_TABLE[(r >>> 8) & 0xfff];
}

/** Inverse standard normal CDF (P. J. Acklam's rational approximation, rel. error 1.15e-9). */
export function inverseNormal(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

// Phi tabulated on [-8, 8] every 1/64, linear interpolation (|error| < 1e-5): charge sharing.
const PHI_STEP = 1 / 64;
const PHI_MIN = -8;
const PHI_N = 16 * 64;
const PHI_PER_UNIT = 64;
const PHI_TABLE = (() => {
  const t = new Float64Array(PHI_N + 2);
  for (let i = 0; i < t.length; i++) t[i] = normalCdf(PHI_MIN + i * PHI_STEP);
  return t;
})();

/** Standard normal CDF from a table (fast; for charge sharing). */
export function normalCdfFast(x: number): number {
  const f = (x - PHI_MIN) * PHI_PER_UNIT; // = / PHI_STEP exactly (a power of two)
  if (f <= 0) return 0;
  if (f >= PHI_N) return 1;
  const i = f | 0;
  return PHI_TABLE[i] + (f - i) * (PHI_TABLE[i + 1] - PHI_TABLE[i]);
}

/** Standard normal CDF via erfc (W. J. Cody-style rational approximation, |error| < 1.2e-7). */
export function normalCdf(x: number): number {
  // Numerical Recipes erfcc (Chebyshev fit, fractional error < 1.2e-7).
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - 0.5 * r : 0.5 * r;
}
