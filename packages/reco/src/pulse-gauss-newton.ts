/**
 * Gauss-Newton fit of the MSADC template in amplitude and peak time, the slow path of the pulse
 * fit: for saturated pulses (clipped samples are left out, the amplitude comes from the
 * unclipped edges) and for the few pulses on which the optimal filter does not converge.
 * Template and derivative from a 1/8 ns lookup table, steps halved when they go uphill.
 */
import { MSADC_MAX, MSADC_SAMPLE_NS, MSADC_TAU_NS, msadcPulseTemplate, msadcPulseTemplateDerivative } from './pulse-template.ts';

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

/** Result of gaussNewtonFit, reused (no allocation per call). */
export interface GaussNewtonResult {
  amplitude: number;
  peakTime: number;
  chi2: number;
  /** Samples used (unsaturated ones in [k0, k1]). */
  nUsed: number;
}

const MAX_ITER = 40;

/**
 * Fits y[k0..k1] (pedestal-subtracted; samples[offset + k] >= MSADC_MAX are skipped when
 * `saturated`) from the start values (A, T). Returns false when it does not converge.
 */
export function gaussNewtonFit(
  samples: Int16Array,
  offset: number,
  y: Float64Array,
  k0: number,
  k1: number,
  saturated: boolean,
  startAmplitude: number,
  startTime: number,
  out: GaussNewtonResult,
): boolean {
  let A = startAmplitude;
  let T = startTime;
  let ok = false;
  let nUsed = 0;
  let chi2 = 0;
  let prevChi2 = Infinity;
  let prevA = A;
  let prevT = T;
  for (let iter = 0; iter < MAX_ITER; iter++) {
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
  out.amplitude = A;
  out.peakTime = T;
  out.chi2 = chi2;
  out.nUsed = nUsed;
  return ok;
}
