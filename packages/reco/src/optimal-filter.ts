/**
 * Optimal-filter tables of the MSADC template: for each sampling phase (peak time - base sample
 * time, OF_STEP steps) the weights that give the amplitude A and B = -A * dT from the OF_N
 * samples around the peak in one pass (least squares of y = A f + B f', linearised in the time
 * shift dT), the normal matrix for the residuals, and second- and third-order corrections of
 * the linearisation.
 *
 * Also the start phase of the filter: the peak offset from the largest sample as a function of
 * the parabola vertex through that sample and its neighbours (the template is asymmetric, so the
 * vertex alone is up to 2.5 ns off; its inverse is exact for a noise-free pulse and leaves only
 * the noise for the filter to correct, usually in one pass).
 */
import { MSADC_SAMPLE_NS, msadcPulseTemplate, msadcPulseTemplateDerivative } from './pulse-template.ts';

/** Phase step of the tables, ns. */
export const OF_STEP = 0.1;
/** Phases per sample period. */
export const OF_PHASES = Math.round(MSADC_SAMPLE_NS / OF_STEP);
/** First sample relative to the base sample (earlier ones are before the pulse start). */
export const OF_J0 = -1;
/** Samples j = -1 .. 6 (75 ns after the peak the template is below 1.3%). */
export const OF_N = 8; // even: the pass reads the samples in (even, odd) pairs

/** Weights of A and of B, [phase * OF_N + j]. */
export const OF_A = new Float64Array(OF_PHASES * OF_N);
export const OF_B = new Float64Array(OF_PHASES * OF_N);
/**
 * Normal matrix (sum f^2, sum f f', sum f'^2) per phase, [phase * 3 + 0..2]: the residual sum of
 * squares of the fit is sum y^2 - (A, B) M (A, B)^T, so it costs one sum more in the pass.
 */
export const OF_NORMAL = new Float64Array(OF_PHASES * 3);

for (let i = 0; i < OF_PHASES; i++) {
  const phi = i * OF_STEP;
  const fs = new Float64Array(OF_N);
  const ds = new Float64Array(OF_N);
  let sff = 0, sfd = 0, sdd = 0;
  for (let j = 0; j < OF_N; j++) {
    const t = (j + OF_J0) * MSADC_SAMPLE_NS - phi;
    const f = (fs[j] = msadcPulseTemplate(t));
    const d = (ds[j] = msadcPulseTemplateDerivative(t));
    sff += f * f;
    sfd += f * d;
    sdd += d * d;
  }
  const det = sff * sdd - sfd * sfd;
  OF_NORMAL[i * 3] = sff;
  OF_NORMAL[i * 3 + 1] = sfd;
  OF_NORMAL[i * 3 + 2] = sdd;
  for (let j = 0; j < OF_N; j++) {
    const f = fs[j];
    const d = ds[j];
    OF_A[i * OF_N + j] = (sdd * f - sfd * d) / det;
    OF_B[i * OF_N + j] = (sff * d - sfd * f) / det;
  }
}

/**
 * One filter pass at phase `pi` on a noise-free unit pulse that peaks dT ns after the phase:
 * relative amplitude error and time error of the linearisation.
 */
function linearisationError(pi: number, dT: number): { amplitude: number; time: number } {
  let a = 0;
  let b = 0;
  for (let j = 0; j < OF_N; j++) {
    const y = msadcPulseTemplate((j + OF_J0) * MSADC_SAMPLE_NS - pi * OF_STEP - dT);
    a += OF_A[pi * OF_N + j] * y;
    b += OF_B[pi * OF_N + j] * y;
  }
  return { amplitude: a - 1, time: -b / a - dT };
}

/** Largest time shift one pass may leave and be corrected for (the correction is good to 5e-6 in amplitude and 1 ps there). */
export const OF_MAX_SHIFT_NS = 0.5;

/**
 * The linearisation errors of one pass as c2 dT^2 + c3 dT^3 per phase, [phase * 4 + (amplitude
 * c2, c3, time c2, c3)], from passes at +-OF_MAX_SHIFT_NS: a pass that ends within
 * OF_MAX_SHIFT_NS of its phase is corrected instead of repeated.
 */
export const OF_CORRECTION = new Float64Array(OF_PHASES * 4);
for (let i = 0; i < OF_PHASES; i++) {
  const h = OF_MAX_SHIFT_NS;
  const p = linearisationError(i, h);
  const m = linearisationError(i, -h);
  OF_CORRECTION[i * 4] = (p.amplitude + m.amplitude) / (2 * h * h);
  OF_CORRECTION[i * 4 + 1] = (p.amplitude - m.amplitude) / (2 * h * h * h);
  OF_CORRECTION[i * 4 + 2] = (p.time + m.time) / (2 * h * h);
  OF_CORRECTION[i * 4 + 3] = (p.time - m.time) / (2 * h * h * h);
}

/** Vertex offset (in samples, -0.5 .. 0.5) of the parabola through samples -1, 0, +1 of a noise-free pulse peaking at `phi` ns after sample 0. */
function parabolaVertex(phi: number): number {
  const ym = msadcPulseTemplate(-MSADC_SAMPLE_NS - phi);
  const y0 = msadcPulseTemplate(-phi);
  const yp = msadcPulseTemplate(MSADC_SAMPLE_NS - phi);
  return (0.5 * (ym - yp)) / (ym - 2 * y0 + yp);
}

// The vertex rises monotonically with the phase over the range in which sample 0 is the largest
// (about -6.5 .. 5.5 ns) and beyond; PHASE_LO..PHASE_HI brackets it.
const PHASE_LO = -9;
const PHASE_HI = 8;
const VERTEX_BINS = 1024;
const PHASE_OF_VERTEX = new Float64Array(VERTEX_BINS + 1);
for (let i = 0; i <= VERTEX_BINS; i++) {
  const v = -0.5 + i / VERTEX_BINS;
  let lo = PHASE_LO;
  let hi = PHASE_HI;
  for (let it = 0; it < 50; it++) {
    const mid = 0.5 * (lo + hi);
    if (parabolaVertex(mid) < v) lo = mid;
    else hi = mid;
  }
  PHASE_OF_VERTEX[i] = 0.5 * (lo + hi);
}

/**
 * Peak time minus the time of the largest sample, ns, from the vertex offset (samples, clamped
 * to -0.5 .. 0.5) of the parabola through that sample and its neighbours.
 */
export function peakPhaseFromVertex(vertex: number): number {
  const u = (vertex < -0.5 ? 0 : vertex > 0.5 ? 1 : vertex + 0.5) * VERTEX_BINS;
  const i = u >= VERTEX_BINS ? VERTEX_BINS - 1 : u | 0;
  const w = u - i;
  return PHASE_OF_VERTEX[i] + w * (PHASE_OF_VERTEX[i + 1] - PHASE_OF_VERTEX[i]);
}
