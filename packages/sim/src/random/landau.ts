/**
 * The standard Landau distribution (L. Landau, J. Phys. USSR 8 (1944) 201).
 *
 * Sampling follows the idea of CERNLIB RANLAN (G110; K.S. Koelbig, B. Schorr, "A program package
 * for the Landau distribution", Comput. Phys. Commun. 31 (1984) 97): inversion of a tabulated
 * distribution function. Here the table is computed (once, lazily) from Landau's integral
 * representation rather than copied:
 *   phi(l)  = (1/pi) Int_0^inf exp(-t ln t - l t) sin(pi t) dt
 *   Phi(l)  = 1 - (1/pi) Int_0^inf exp(-t ln t - l t) sin(pi t) / t dt
 * evaluated on -3.4 <= l <= 200 with 8-point Gauss-Legendre panels of width h = 2^-k <= min(1, 2/l),
 * the first panel split geometrically towards t = 0 (where t ln t is not analytic). Lambdas with
 * the same h share the nodes: the factor exp(-t ln t) sin(pi t) (/ t) is computed once per node,
 * exp(-l t) along the panels follows from exp(-l h) by Horner's rule, and on the first panel
 * from its Taylor series (moments of the factor, once per h). Outside the table:
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

/** Halvings of the first panel [0, h] towards t = 0, where the t ln t term is not analytic. */
const NEAR_ZERO_LEVELS = 16;

/**
 * Taylor terms of exp(-lambda t) on the first panel: there |lambda t| <= 3.4 (lambda >= -3.4,
 * h <= 1, and h <= 2/lambda), and 3.4^32 / 32! < 1e-18.
 */
const NEAR_ZERO_TERMS = 32;

/**
 * The Gauss-Legendre nodes of Landau's integral for one panel width h, each weighted by the
 * lambda-independent factor exp(-t ln t) sin(pi t) (divided by t for Phi). A class rather than an
 * object literal so that all grids share one hidden class: building the next grid then does not
 * discard the optimized code of the sums below (a sizeable part of the table's first-use cost).
 */
class NodeGrid {
  readonly panels: number;
  /** Node k of uniform panel [i h, (i + 1) h], 0 < i < panels, at 8 i + k: t = (i + (1 + GL_X[k]) / 2) h. */
  readonly uniform: Float64Array;
  /**
   * Moments Sum(weighted factor t^m) / m! over the nodes of the first panel [0, h], itself split
   * into [h / 2^(j+1), h / 2^j] for j < NEAR_ZERO_LEVELS and [0, h / 2^NEAR_ZERO_LEVELS].
   */
  readonly nearZeroMoments: Float64Array;

  constructor(h: number, panels: number, divideByT: boolean) {
    this.panels = panels;
    this.uniform = new Float64Array(8 * panels);
    for (let i = 1; i < panels; i++) {
      for (let k = 0; k < 8; k++) this.uniform[8 * i + k] = weightedFactor((i + 0.5 * (1 + GL_X[k])) * h, 0.5 * h * GL_W[k], divideByT);
    }
    this.nearZeroMoments = new Float64Array(NEAR_ZERO_TERMS);
    let b = h;
    for (let j = 0; j <= NEAR_ZERO_LEVELS; j++) {
      const a = j < NEAR_ZERO_LEVELS ? 0.5 * b : 0;
      for (let k = 0; k < 8; k++) {
        const t = 0.5 * (a + b) + 0.5 * (b - a) * GL_X[k];
        let term = weightedFactor(t, 0.5 * (b - a) * GL_W[k], divideByT);
        for (let m = 0; m < NEAR_ZERO_TERMS; m++) {
          this.nearZeroMoments[m] += term;
          term *= t / (m + 1);
        }
      }
      b = a;
    }
  }
}

function weightedFactor(t: number, weight: number, divideByT: boolean): number {
  const f = Math.exp(-t * Math.log(t)) * Math.sin(Math.PI * t);
  return weight * (divideByT ? f / t : f);
}

const cdfGrids = new Map<number, NodeGrid>();
const pdfGrids = new Map<number, NodeGrid>();

/** The node grid of panel width h with at least the given number of panels, built once and reused. */
function gridFor(h: number, panels: number, divideByT: boolean): NodeGrid {
  const grids = divideByT ? cdfGrids : pdfGrids;
  let grid = grids.get(h);
  if (!grid || grid.panels < panels) {
    grid = new NodeGrid(h, panels, divideByT);
    grids.set(h, grid);
  }
  return grid;
}

/** Sum over the uniform panels 1 .. panels - 1 of the stored factors times exp(-lambda t). */
function uniformPanelsSum(grid: NodeGrid, h: number, lambda: number, panels: number): number {
  // exp(-lambda t) at node k of panel i is exp(-lambda (1 + GL_X[k]) h / 2) r^i with r = exp(-lambda h):
  // Horner's rule in r replaces an exp per node by a multiply-add.
  const r = Math.exp(-lambda * h);
  const { uniform } = grid;
  let sum = 0;
  for (let k = 0; k < 8; k++) {
    let poly = 0;
    for (let i = panels - 1; i >= 1; i--) poly = poly * r + uniform[8 * i + k];
    sum += poly * r * Math.exp(-lambda * 0.5 * (1 + GL_X[k]) * h);
  }
  return sum;
}

/** The first panel's part of the integral: exp(-lambda t) there by its Taylor series in lambda. */
function nearZeroSum(grid: NodeGrid, lambda: number): number {
  const moments = grid.nearZeroMoments;
  let sum = 0;
  for (let m = NEAR_ZERO_TERMS - 1; m >= 0; m--) sum = sum * -lambda + moments[m];
  return sum;
}

/**
 * Panel width: a power of two (so lambdas share node grids) no wider than 1 and 2/lambda, narrow
 * enough for an 8-point panel to integrate sin(pi t) and exp(-lambda t) to ~1e-13.
 */
function panelWidth(lambda: number): number {
  let h = 1;
  while (h * lambda > 2) h *= 0.5;
  return h;
}

/** Upper limit of the integral: where t ln t + lambda t exceeds 46 (integrand < 1e-20 of unity). */
function upperLimit(lambda: number): number {
  // The search starts below the limit: at 1, or at 46/lambda (where t ln t < 0) for large lambda.
  let tmax = Math.min(1, 46 / Math.max(1, lambda));
  while (tmax * Math.log(tmax) + lambda * tmax < 46) tmax *= 1.25;
  return tmax;
}

function landauIntegral(lambda: number, divideByT: boolean): number {
  const h = panelWidth(lambda);
  const panels = Math.ceil(upperLimit(lambda) / h);
  const grid = gridFor(h, panels, divideByT);
  return (nearZeroSum(grid, lambda) + uniformPanelsSum(grid, h, lambda, panels)) / Math.PI;
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
