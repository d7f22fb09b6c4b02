/**
 * MSADC pulse reconstruction: pedestals from the pre-pulse samples (even and odd samples
 * separately), then amplitude and peak time by a least-squares fit of the template: first an
 * optimal filter (least squares linearised in the time shift, weights tabulated per 0.1 ns of
 * sampling phase, iterated to the nearest phase), then, when that does not converge or samples
 * are saturated, Gauss-Newton in amplitude and time (template from a 1/8 ns lookup table); the
 * peak sample and the half-maximum crossing of the leading edge are the last fallback.
 * Saturated samples (>= 4095) are left out of the fit, so the amplitude of a clipped pulse comes
 * from its unsaturated edges.
 */
import {
  MSADC_MAX,
  MSADC_PEDESTAL_SAMPLES,
  MSADC_SAMPLE_NS,
  MSADC_TAU_NS,
  msadcPulseTemplate,
  msadcPulseTemplateDerivative,
} from './pulse-template.ts';

const TABLE_STEP = 0.125; // ns
const TABLE_T0 = -MSADC_TAU_NS; // template is 0 before
const TABLE_T1 = 600; // ns; beyond the window, f < 1e-20
const TABLE_N = Math.ceil((TABLE_T1 - TABLE_T0) / TABLE_STEP) + 2;
const F = new Float64Array(TABLE_N);
const D = new Float64Array(TABLE_N);
for (let i = 0; i < TABLE_N; i++) {
  const t = TABLE_T0 + i * TABLE_STEP;
  F[i] = msadcPulseTemplate(t);
  D[i] = msadcPulseTemplateDerivative(t);
}

// ---- optimal-filter tables: for each sampling phase (peak time - base sample time, 0.1 ns
// steps) the weights giving amplitude A and B = -A * dT from the 8 samples around the peak in a
// single pass (least squares of y = A f + B f', linearised in the time shift dT).
const OF_STEP = 0.1; // ns
const OF_PHASES = Math.round(MSADC_SAMPLE_NS / OF_STEP);
const OF_J0 = -1; // first sample relative to the base sample (earlier ones are before the pulse start)
const OF_N = 8; // samples j = -1 .. 6 (75 ns after the peak the template is below 1.3%)
const OF_A = new Float64Array(OF_PHASES * OF_N);
const OF_B = new Float64Array(OF_PHASES * OF_N);
const OF_F = new Float64Array(OF_PHASES * OF_N);
const OF_D = new Float64Array(OF_PHASES * OF_N);
for (let i = 0; i < OF_PHASES; i++) {
  const phi = i * OF_STEP;
  let sff = 0, sfd = 0, sdd = 0;
  for (let j = 0; j < OF_N; j++) {
    const t = (j + OF_J0) * MSADC_SAMPLE_NS - phi;
    const f = msadcPulseTemplate(t);
    const d = msadcPulseTemplateDerivative(t);
    OF_F[i * OF_N + j] = f;
    OF_D[i * OF_N + j] = d;
    sff += f * f;
    sfd += f * d;
    sdd += d * d;
  }
  const det = sff * sdd - sfd * sfd;
  for (let j = 0; j < OF_N; j++) {
    const f = OF_F[i * OF_N + j];
    const d = OF_D[i * OF_N + j];
    OF_A[i * OF_N + j] = (sdd * f - sfd * d) / det;
    OF_B[i * OF_N + j] = (sff * d - sfd * f) / det;
  }
}

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

// scratch: pedestal-subtracted samples
let scratch = new Float64Array(64);

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
  if (scratch.length < n) scratch = new Float64Array(n * 2);
  const y = scratch;
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
  // ---- maximum
  let kmax = -1;
  let ymax = -Infinity;
  let firstSat = -1;
  let lastSat = -1;
  for (let k = npre; k < n; k++) {
    const s = samples[offset + k];
    const v = s - ((k & 1) === 0 ? pe : po);
    y[k] = v;
    if (v > ymax) {
      ymax = v;
      kmax = k;
    }
    if (s >= MSADC_MAX) {
      if (firstSat < 0) firstSat = k;
      lastSat = k;
    }
  }
  if (kmax < 0 || ymax < threshold) return false;
  const saturated = firstSat >= 0;
  if (saturated) out.flags |= PULSE_SATURATED;

  // ---- initial values
  let T: number;
  let A: number;
  if (saturated) {
    // The peak lies inside the clipped run, nearer its start (fast rise, slow fall).
    T = (firstSat + 0.3 * (lastSat - firstSat)) * MSADC_SAMPLE_NS;
    A = ymax * (1 + 0.15 * (lastSat - firstSat + 1));
  } else {
    const ym = kmax > npre ? y[kmax - 1] : 0;
    const yp = kmax + 1 < n ? y[kmax + 1] : 0;
    const den = ym - 2 * ymax + yp;
    const delta = den < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (ym - yp)) / den)) : 0;
    T = (kmax + delta) * MSADC_SAMPLE_NS;
    A = ymax;
  }
  // ---- fast path: optimal filter at the nearest tabulated phase, iterated until the time
  // shift is below half a table step (usually 2-3 passes over 8 samples)
  if (!saturated) {
    let Tc = T;
    for (let iter = 0; iter < 6; iter++) {
      let kb = Math.floor(Tc / MSADC_SAMPLE_NS);
      let pi = Math.round((Tc - kb * MSADC_SAMPLE_NS) / OF_STEP);
      if (pi >= OF_PHASES) {
        pi -= OF_PHASES;
        kb++;
      }
      const first = kb + OF_J0;
      if (first < npre || first + OF_N > n) break;
      const base = pi * OF_N;
      let a = 0;
      let b = 0;
      for (let j = 0; j < OF_N; j++) {
        const v = y[first + j];
        a += OF_A[base + j] * v;
        b += OF_B[base + j] * v;
      }
      if (!(a > 0)) break;
      const Tg = kb * MSADC_SAMPLE_NS + pi * OF_STEP;
      const Tn = Tg - b / a;
      if (Math.abs(Tn - Tg) <= 0.5 * OF_STEP + 1e-9) {
        let chi2 = 0;
        for (let j = 0; j < OF_N; j++) {
          const r = y[first + j] - a * OF_F[base + j] - b * OF_D[base + j];
          chi2 += r * r;
        }
        if (a < 3 * ymax + 10 * noise) {
          out.amplitude = a;
          out.peakTime = Tn;
          out.chi2ndf = noise > 0 ? chi2 / (noise * noise) / (OF_N - 2) : NaN;
          return true;
        }
        break;
      }
      Tc = Tn;
    }
  }

  const k0 = Math.max(npre, (saturated ? firstSat : kmax) - 3);
  const k1 = Math.min(n - 1, (saturated ? lastSat : kmax) + 6);

  // ---- Gauss-Newton in (A, T)
  const maxIter = 40;
  let ok = false;
  let nUsed = 0;
  let chi2 = 0;
  let prevChi2 = Infinity;
  let prevA = A;
  let prevT = T;
  for (let iter = 0; iter < maxIter; iter++) {
    let sff = 0, sfd = 0, sdd = 0, srf = 0, srd = 0;
    chi2 = 0;
    nUsed = 0;
    for (let k = k0; k <= k1; k++) {
      if (saturated && samples[offset + k] >= MSADC_MAX) continue;
      const t = k * MSADC_SAMPLE_NS - T;
      let f = 0;
      let d = 0;
      if (t > TABLE_T0) {
        const u = (t - TABLE_T0) / TABLE_STEP;
        const i = u | 0;
        if (i < TABLE_N - 1) {
          const w = u - i;
          f = F[i] + w * (F[i + 1] - F[i]);
          d = D[i] + w * (D[i + 1] - D[i]);
        }
      }
      const r = y[k] - A * f;
      sff += f * f;
      sfd += f * d;
      sdd += d * d;
      srf += r * f;
      srd += r * d;
      chi2 += r * r;
      nUsed++;
    }
    if (chi2 > prevChi2 * (1 + 1e-12)) {
      // The last step went uphill (the template is not quadratic far from its peak): halve it.
      A = 0.5 * (A + prevA);
      T = 0.5 * (T + prevT);
      if (Math.abs(T - prevT) < 0.005) {
        A = prevA;
        T = prevT;
        ok = true;
        break;
      }
      continue;
    }
    prevChi2 = chi2;
    prevA = A;
    prevT = T;
    const det = sff * sdd - sfd * sfd;
    if (!(det > 1e-30) || A <= 0) break;
    const dA = (sdd * srf - sfd * srd) / det;
    const u = (sff * srd - sfd * srf) / det;
    let dT = -u / A;
    if (dT > MSADC_SAMPLE_NS) dT = MSADC_SAMPLE_NS;
    else if (dT < -MSADC_SAMPLE_NS) dT = -MSADC_SAMPLE_NS;
    let nextA = A + dA;
    if (nextA <= 0) nextA = A * 0.5;
    A = nextA;
    T += dT;
    if (Math.abs(dT) < 0.005) {
      ok = true;
      break;
    }
  }
  const tMin = npre * MSADC_SAMPLE_NS - MSADC_TAU_NS;
  const tMax = (n - 1) * MSADC_SAMPLE_NS;
  if (ok && Number.isFinite(A) && A > 0 && T > tMin && T < tMax && nUsed > 2 && (saturated || A < 3 * ymax + 10 * noise)) {
    out.amplitude = A;
    out.peakTime = T;
    out.chi2ndf = noise > 0 ? chi2 / (noise * noise) / (nUsed - 2) : NaN;
    return true;
  }
  // ---- fallback: peak sample and leading-edge half maximum
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
  return true;
}
