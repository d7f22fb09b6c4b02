/**
 * The standard Landau distribution (L. Landau, J. Phys. USSR 8 (1944) 201).
 *
 * Sampling follows the idea of CERNLIB RANLAN (G110; K.S. Koelbig, B. Schorr, "A program package
 * for the Landau distribution", Comput. Phys. Commun. 31 (1984) 97): inversion of a tabulated
 * distribution function. Here the table is computed (once, lazily) from Landau's integral
 * representation rather than copied:
 *   phi(l)  = (1/pi) Int_0^inf exp(-t ln t - l t) sin(pi t) dt
 *   Phi(l)  = 1 - (1/pi) Int_0^inf exp(-t ln t - l t) sin(pi t) / t dt
 * evaluated with 8-point Gauss-Legendre panels on -3.4 <= l <= 200. Outside the table:
 *   left tail  (l < -3.4): saddle-point asymptote phi ~ exp(-(l+1)/2 - e^-(l+1)) / sqrt(2 pi),
 *              whose integral is Phi ~ erfc(sqrt(w)) / sqrt(2), w = e^-(l+1), scaled to match
 *              the table at its edge;
 *   right tail (l > 200): 1 - Phi ~ 1/l + (ln l + gamma_E - 1)/l^2 (expansion of the integral
 *              for large l), solved by Newton iteration.
 */
import { erfc } from '../physics/special.ts';

// 8-point Gauss-Legendre nodes and weights on [-1, 1] (Abramowitz & Stegun, table 25.4).
const GL_X = [
  -0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498,
  0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363,
];
const GL_W = [
  0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620,
  0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763,
];

/** Euler-Mascheroni constant. */
const EULER_GAMMA = 0.5772156649015329;

function landauIntegral(lambda: number, divideByT: boolean): number {
  // Upper limit: where t ln t + lambda t exceeds 46 (integrand < 1e-20 of unity).
  let tmax = 1;
  while (tmax * Math.log(tmax) + lambda * tmax < 46) tmax *= 1.25;
  const h = Math.min(0.25, 1 / Math.max(1, lambda));
  const n = Math.ceil(tmax / h);
  const panel = (a: number, b: number): number => {
    const mid = 0.5 * (a + b);
    const half = 0.5 * (b - a);
    let s = 0;
    for (let k = 0; k < 8; k++) {
      const t = mid + half * GL_X[k];
      const f = Math.exp(-t * Math.log(t) - lambda * t) * Math.sin(Math.PI * t);
      s += GL_W[k] * (divideByT ? f / t : f);
    }
    return s * half;
  };
  // The integrand has a t ln t term (non-analytic at t = 0): split the first panel geometrically.
  let sum = 0;
  let b = h;
  for (let j = 0; j < 40; j++) {
    sum += panel(0.5 * b, b);
    b *= 0.5;
  }
  sum += panel(0, b);
  for (let i = 1; i < n; i++) sum += panel(i * h, (i + 1) * h);
  return sum / Math.PI;
}

/** Standard Landau density phi(lambda), numerical integration (valid for lambda > -3.4). */
export function landauPdf(lambda: number): number {
  if (lambda < -3.4) {
    const w = Math.exp(-(lambda + 1));
    return Math.exp(-(lambda + 1) / 2 - w) / Math.sqrt(2 * Math.PI);
  }
  return landauIntegral(lambda, false);
}

/** Standard Landau distribution function Phi(lambda). */
export function landauCdf(lambda: number): number {
  const t = table();
  if (lambda < LAMBDA_MIN) return leftTailCdf(lambda) * t.leftScale;
  if (lambda > LAMBDA_MAX) return 1 - rightTail(lambda);
  return 1 - landauIntegral(lambda, true);
}

const LAMBDA_MIN = -3.4;
const LAMBDA_MAX = 200;

function leftTailCdf(lambda: number): number {
  return erfc(Math.sqrt(Math.exp(-(lambda + 1)))) / Math.SQRT2;
}

function rightTail(lambda: number): number {
  return 1 / lambda + (Math.log(lambda) + EULER_GAMMA - 1) / (lambda * lambda);
}

interface LandauTable {
  lam: Float64Array;
  cdf: Float64Array;
  leftScale: number;
  /** guide[b]: the last table index i with cdf[i] <= b / GUIDE_BUCKETS (0 below the table). */
  guide: Int32Array;
}

/** Buckets of the guide table that narrows the inversion's search to a few entries. */
const GUIDE_BUCKETS = 4096;

let cached: LandauTable | undefined;

function table(): LandauTable {
  if (cached) return cached;
  const lams: number[] = [];
  for (let l = LAMBDA_MIN; l < 10; l += 0.01) lams.push(l);
  for (let l = 10; l < 50; l += 0.05) lams.push(l);
  for (let l = 50; l <= LAMBDA_MAX + 1e-9; l += 0.5) lams.push(l);
  const lam = Float64Array.from(lams);
  const cdf = new Float64Array(lam.length);
  for (let i = 0; i < lam.length; i++) cdf[i] = 1 - landauIntegral(lam[i], true);
  // Enforce monotonicity against round-off in the far left tail.
  for (let i = 1; i < cdf.length; i++) if (cdf[i] < cdf[i - 1]) cdf[i] = cdf[i - 1];
  const leftScale = cdf[0] / leftTailCdf(LAMBDA_MIN);
  const guide = new Int32Array(GUIDE_BUCKETS + 1);
  for (let b = 0, i = 0; b <= GUIDE_BUCKETS; b++) {
    while (i + 1 < cdf.length && cdf[i + 1] <= b / GUIDE_BUCKETS) i++;
    guide[b] = i;
  }
  cached = { lam, cdf, leftScale, guide };
  return cached;
}

/** Standard Landau quantile: lambda with Phi(lambda) = u, 0 < u < 1. */
export function sampleStandardLandau(u: number): number {
  const t = table();
  const { lam, cdf } = t;
  const n = cdf.length;
  if (u < cdf[0]) {
    // Bisection on the scaled asymptotic left tail.
    let lo = -30;
    let hi = LAMBDA_MIN;
    for (let i = 0; i < 60; i++) {
      const mid = 0.5 * (lo + hi);
      if (leftTailCdf(mid) * t.leftScale < u) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }
  if (u >= cdf[n - 1]) {
    const q = 1 - u;
    let l = 1 / q;
    for (let i = 0; i < 30; i++) {
      const f = rightTail(l) - q;
      const df = -1 / (l * l) + (1 - 2 * (Math.log(l) + EULER_GAMMA - 1)) / (l * l * l);
      const step = f / df;
      l -= step;
      if (l < LAMBDA_MAX) l = LAMBDA_MAX;
      if (Math.abs(step) < 1e-10 * l) break;
    }
    return l;
  }
  // The last index with cdf <= u lies in [guide[b], guide[b + 1]] for b = floor(u * buckets).
  const b = Math.floor(u * GUIDE_BUCKETS);
  let lo = t.guide[b];
  let hi = Math.min(n - 1, t.guide[b + 1] + 1);
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] <= u) lo = mid;
    else hi = mid;
  }
  const d = cdf[hi] - cdf[lo];
  const f = d > 0 ? (u - cdf[lo]) / d : 0;
  return lam[lo] + f * (lam[hi] - lam[lo]);
}
