/**
 * MSADC pulse reconstruction: pedestals from the pre-pulse samples (even and odd samples
 * separately), then amplitude and peak time by a least-squares fit of the template: first an
 * optimal filter (least squares linearised in the time shift, weights tabulated per 0.1 ns of
 * sampling phase, optimal-filter.ts), started at the phase the largest sample and its
 * neighbours give, repeated at the nearest phase until the time shift is below 0.5 ns and then
 * corrected for the linearisation; when that does not converge or samples are saturated,
 * Gauss-Newton in amplitude and time; the peak sample and the half-maximum crossing of the
 * leading edge are the last fallback.
 * Saturated samples (>= 4095) are left out of the fit, so the amplitude of a clipped pulse comes
 * from its unsaturated edges.
 */
import { OF_A, OF_B, OF_CORRECTION, OF_J0, OF_MAX_SHIFT_NS, OF_N, OF_NORMAL, OF_PHASES, OF_STEP, peakPhaseFromVertex } from './optimal-filter.ts';
import { gaussNewtonFit, type GaussNewtonResult } from './pulse-gauss-newton.ts';
import { MSADC_MAX, MSADC_PEDESTAL_SAMPLES, MSADC_SAMPLE_NS, MSADC_TAU_NS, msadcPulseTemplate } from './pulse-template.ts';

/** Leading-edge half-maximum time of the template relative to its peak, ns (negative). */
export const MSADC_HALF_MAX_LEAD_NS: number = (() => {
  // f rises monotonically on (-tau, 0): bisection for f(t) = 0.5.
  let lo = -MSADC_TAU_NS;
  let hi = 0;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (msadcPulseTemplate(mid) < 0.5) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
})();

/** Result flags of fitMsadcPulse. */
export const PULSE_SATURATED = 1;
export const PULSE_FALLBACK = 2;
export const PULSE_CALIBRATION_PEDESTAL = 4;

/**
 * Fit output, reused between calls (no allocation on the hot path):
 * amplitude (ADC counts above pedestal), peak time in the window (ns), even and odd pedestals,
 * chi2 per degree of freedom (noise units), flags.
 */
export interface PulseFit {
  amplitude: number;
  peakTime: number;
  pedestalEven: number;
  pedestalOdd: number;
  chi2ndf: number;
  flags: number;
}

export function newPulseFit(): PulseFit {
  return { amplitude: 0, peakTime: NaN, pedestalEven: NaN, pedestalOdd: NaN, chi2ndf: NaN, flags: 0 };
}

// Pedestal-subtracted samples of the channel being fitted.
let scratch = new Float64Array(64);
const gn: GaussNewtonResult = { amplitude: 0, peakTime: 0, chi2: 0, nUsed: 0 };

/**
 * Reconstructs one MSADC channel from samples[offset .. offset + n). Returns false (and leaves
 * `out.amplitude` 0) when no sample rises `threshold` counts above the pedestal.
 * `pedEven`/`pedOdd`/`noise` are the calibration values: the calibration pedestals replace the
 * measured ones when the pre-pulse samples are disturbed (spread above 8 noise + 4 counts) or
 * the window is too short to have pre-pulse samples.
 */
export function fitMsadcPulse(
  samples: Int16Array,
  offset: number,
  n: number,
  pedEven: number,
  pedOdd: number,
  noise: number,
  threshold: number,
  out: PulseFit,
): boolean {
  out.amplitude = 0;
  out.peakTime = NaN;
  out.chi2ndf = NaN;
  out.flags = 0;
  // ---- pedestals (even / odd)
  const npre = n >= 2 * MSADC_PEDESTAL_SAMPLES ? MSADC_PEDESTAL_SAMPLES : 0;
  let pe = pedEven;
  let po = pedOdd;
  if (npre > 0) {
    let se = 0;
    let so = 0;
    let mine = 1e9, maxe = -1e9, mino = 1e9, maxo = -1e9;
    for (let k = 0; k < npre; k += 2) {
      const a = samples[offset + k];
      const b = samples[offset + k + 1];
      se += a;
      so += b;
      if (a < mine) mine = a;
      if (a > maxe) maxe = a;
      if (b < mino) mino = b;
      if (b > maxo) maxo = b;
    }
    const limit = 8 * noise + 4;
    if (maxe - mine <= limit && maxo - mino <= limit) {
      pe = se / (npre >> 1);
      po = so / (npre >> 1);
    } else out.flags |= PULSE_CALIBRATION_PEDESTAL;
  } else out.flags |= PULSE_CALIBRATION_PEDESTAL;
  out.pedestalEven = pe;
  out.pedestalOdd = po;
  // ---- largest sample: the largest raw sample of each parity (npre is even, so sample k has
  // the pedestal of parity k & 1), the larger of the two above its pedestal
  let kEven = -1, maxEven = -0x8001, kOdd = -1, maxOdd = -0x8001;
  let k = npre;
  for (; k + 1 < n; k += 2) {
    const s0 = samples[offset + k];
    const s1 = samples[offset + k + 1];
    if (s0 > maxEven) {
      maxEven = s0;
      kEven = k;
    }
    if (s1 > maxOdd) {
      maxOdd = s1;
      kOdd = k + 1;
    }
  }
  if (k < n && samples[offset + k] > maxEven) {
    maxEven = samples[offset + k];
    kEven = k;
  }
  const vEven = kEven >= 0 ? maxEven - pe : -Infinity;
  const vOdd = kOdd >= 0 ? maxOdd - po : -Infinity;
  const kmax = vEven > vOdd || (vEven === vOdd && kEven < kOdd) ? kEven : kOdd;
  const ymax = kmax === kEven ? vEven : vOdd;
  if (kmax < 0 || ymax < threshold) return false;
  if (scratch.length < n) scratch = new Float64Array(n * 2);
  if (maxEven >= MSADC_MAX || maxOdd >= MSADC_MAX) {
    out.flags |= PULSE_SATURATED;
    return fitSaturated(samples, offset, n, npre, pe, po, ymax, kmax, noise, out);
  }
  // ---- start time: the peak phase from the parabola through the largest sample and its neighbours
  const pedAfter = (kmax & 1) === 0 ? po : pe; // pedestal of the neighbours
  const ym = kmax > npre ? samples[offset + kmax - 1] - pedAfter : 0;
  const yp = kmax + 1 < n ? samples[offset + kmax + 1] - pedAfter : 0;
  const den = ym - 2 * ymax + yp;
  const T = kmax * MSADC_SAMPLE_NS + peakPhaseFromVertex(den < 0 ? (0.5 * (ym - yp)) / den : 0);
  if (optimalFilter(samples, offset, npre, n, pe, po, T, ymax, noise, out)) return true;
  const y = pedestalSubtracted(samples, offset, npre, n, pe, po);
  const k0 = Math.max(npre, kmax - 3);
  const k1 = Math.min(n - 1, kmax + 6);
  if (gaussNewtonFit(samples, offset, y, k0, k1, false, ymax, T, gn) && acceptable(gn, npre, n, false, ymax, noise)) {
    take(gn, noise, out);
    return true;
  }
  halfMaximumFallback(y, npre, ymax, kmax, out);
  return true;
}

/** samples[offset + k] - pedestal of k's parity for k = npre .. n - 1, in the scratch array. */
function pedestalSubtracted(samples: Int16Array, offset: number, npre: number, n: number, pe: number, po: number): Float64Array {
  const y = scratch;
  for (let k = npre; k < n; k++) y[k] = samples[offset + k] - ((k & 1) === 0 ? pe : po);
  return y;
}

/**
 * Optimal filter at the tabulated phase nearest to T, repeated at the nearest phase of its
 * result until the time shift is within OF_MAX_SHIFT_NS, then corrected for the linearisation
 * (one pass over OF_N samples for most pulses, two when the start time is off by more).
 */
function optimalFilter(samples: Int16Array, offset: number, npre: number, n: number, pe: number, po: number, T: number, ymax: number, noise: number, out: PulseFit): boolean {
  // Tables in locals: module bindings are reloaded on every access in the loop.
  const wA = OF_A;
  const wB = OF_B;
  const normal = OF_NORMAL;
  const correction = OF_CORRECTION;
  let Tc = T;
  for (let iter = 0; iter < 6; iter++) {
    const q = Math.round(Tc / OF_STEP);
    const kb = Math.floor(q / OF_PHASES);
    const pi = q - kb * OF_PHASES;
    const first = kb + OF_J0;
    if (first < npre || first + OF_N > n) return false;
    // pedestals of the window's even (j = 0, 2, ..) and odd samples
    const p0 = (first & 1) === 0 ? pe : po;
    const p1 = (first & 1) === 0 ? po : pe;
    const base = pi * OF_N;
    const o = offset + first;
    let a = 0;
    let b = 0;
    let yy = 0;
    for (let j = 0; j < OF_N; j += 2) {
      const y0 = samples[o + j] - p0;
      const y1 = samples[o + j + 1] - p1;
      a += wA[base + j] * y0 + wA[base + j + 1] * y1;
      b += wB[base + j] * y0 + wB[base + j + 1] * y1;
      yy += y0 * y0 + y1 * y1;
    }
    if (!(a > 0)) return false;
    const Tg = q * OF_STEP;
    const shift = -b / a;
    if (Math.abs(shift) > OF_MAX_SHIFT_NS) {
      Tc = Tg + shift;
      continue;
    }
    // Linearisation errors at this shift (evaluated at the shift less its own time error).
    const c = 4 * pi;
    const dT = shift - shift * shift * (correction[c + 2] + shift * correction[c + 3]);
    const eA = dT * dT * (correction[c] + dT * correction[c + 1]);
    const eT = dT * dT * (correction[c + 2] + dT * correction[c + 3]);
    const amplitude = a / (1 + eA);
    if (!(amplitude < 3 * ymax + 10 * noise)) return false;
    const m = 3 * pi;
    const chi2 = yy - (normal[m] * a * a + 2 * normal[m + 1] * a * b + normal[m + 2] * b * b);
    out.amplitude = amplitude;
    out.peakTime = Tg + shift - eT;
    out.chi2ndf = noise > 0 ? Math.max(0, chi2) / (noise * noise) / (OF_N - 2) : NaN;
    return true;
  }
  return false;
}

/** Saturated pulse: Gauss-Newton on the unclipped samples around the clipped run. */
function fitSaturated(samples: Int16Array, offset: number, n: number, npre: number, pe: number, po: number, ymax: number, kmax: number, noise: number, out: PulseFit): boolean {
  const y = pedestalSubtracted(samples, offset, npre, n, pe, po);
  let firstSat = -1;
  let lastSat = -1;
  for (let k = npre; k < n; k++) {
    if (samples[offset + k] >= MSADC_MAX) {
      if (firstSat < 0) firstSat = k;
      lastSat = k;
    }
  }
  // The peak lies inside the clipped run, nearer its start (fast rise, slow fall).
  const T = (firstSat + 0.3 * (lastSat - firstSat)) * MSADC_SAMPLE_NS;
  const A = ymax * (1 + 0.15 * (lastSat - firstSat + 1));
  const k0 = Math.max(npre, firstSat - 3);
  const k1 = Math.min(n - 1, lastSat + 6);
  if (gaussNewtonFit(samples, offset, y, k0, k1, true, A, T, gn) && acceptable(gn, npre, n, true, ymax, noise)) {
    take(gn, noise, out);
    return true;
  }
  halfMaximumFallback(y, npre, ymax, kmax, out);
  return true;
}

function acceptable(r: GaussNewtonResult, npre: number, n: number, saturated: boolean, ymax: number, noise: number): boolean {
  const tMin = npre * MSADC_SAMPLE_NS - MSADC_TAU_NS;
  const tMax = (n - 1) * MSADC_SAMPLE_NS;
  const A = r.amplitude;
  const T = r.peakTime;
  return Number.isFinite(A) && A > 0 && T > tMin && T < tMax && r.nUsed > 2 && (saturated || A < 3 * ymax + 10 * noise);
}

function take(r: GaussNewtonResult, noise: number, out: PulseFit): void {
  out.amplitude = r.amplitude;
  out.peakTime = r.peakTime;
  out.chi2ndf = noise > 0 ? r.chi2 / (noise * noise) / (r.nUsed - 2) : NaN;
}

/** Last resort: the peak sample and the leading-edge half-maximum time. */
function halfMaximumFallback(y: Float64Array, npre: number, ymax: number, kmax: number, out: PulseFit): void {
  out.flags |= PULSE_FALLBACK;
  out.amplitude = ymax;
  const half = ymax / 2;
  let tHalf = kmax * MSADC_SAMPLE_NS + MSADC_HALF_MAX_LEAD_NS;
  for (let k = kmax; k > npre; k--) {
    if (y[k - 1] < half && y[k] >= half) {
      tHalf = (k - 1 + (half - y[k - 1]) / (y[k] - y[k - 1])) * MSADC_SAMPLE_NS;
      break;
    }
  }
  out.peakTime = tHalf - MSADC_HALF_MAX_LEAD_NS;
}
