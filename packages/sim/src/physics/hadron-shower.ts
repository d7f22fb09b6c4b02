/**
 * Hadronic showers: two-component longitudinal profile of R.K. Bock, T. Hansl-Kozanecka,
 * T.P. Shah, "Parametrization of the longitudinal development of hadronic showers in
 * sampling calorimeters", Nucl. Instrum. Meth. 186 (1981) 533:
 *   dE/dz ~ w (z/X0)^(a-1) exp(-b z/X0) + (1 - w) (z/lambda)^(a-1) exp(-d z/lambda),
 *   a = 0.6165 + 0.3183 ln E, b = 0.2198, d = 0.9099 - 0.0237 ln E, w = 0.4634 (E in GeV),
 * z measured from the shower start, which is exponentially distributed with mean lambda_I.
 * The energy fraction of the X0 component is w X0 Gamma(a)/b^a normalised to the sum with
 * (1-w) lambda Gamma(a)/d^a; each component integrates with the incomplete gamma function.
 * Resolution: Gamma-distributed per-slice energies with variance a_h^2 * mean (sigma/E =
 * a_h/sqrt(E), a_h ~ 60% for the NA64 HCAL, DESIGN section 7, approx.) and a common constant
 * term. No e/h or non-compensation effects are modelled (energies are calibrated GeV).
 */
import type { Rng } from '../random/rng.ts';
import type { Resolution } from './em-shower.ts';
import { gammaP } from './special.ts';

/** NA64 HCAL resolution (approx.): 60%/sqrt(E) (DESIGN section 7); constant 3% placeholder. */
export const NA64_HCAL_RESOLUTION: Resolution = { stochastic: 0.6, constant: 0.03 };

/** Effective HCAL parameters: radiation and interaction lengths in mm. */
export interface HadronCalorimeterParams {
  X0: number;
  lambdaI: number;
  resolution?: Resolution;
}

/** Bock et al. (1981) parameters at energy E (GeV). */
export interface BockParams {
  a: number;
  b: number;
  d: number;
  w: number;
}

export function bockParams(energy: number): BockParams {
  const lnE = Math.log(Math.max(energy, 1e-3));
  return {
    a: Math.max(0.6165 + 0.3183 * lnE, 0.05), // guard for E << 1 GeV (outside the fit range)
    b: 0.2198,
    d: Math.max(0.9099 - 0.0237 * lnE, 0.05),
    w: 0.4634,
  };
}

/** Fraction of the shower energy between depths z1 < z2 (mm) after the shower start. */
export function hadronLongitudinalFraction(
  energy: number,
  hcal: Pick<HadronCalorimeterParams, 'X0' | 'lambdaI'>,
  z1: number,
  z2: number,
): number {
  const { a, b, d, w } = bockParams(energy);
  const c1 = (w * hcal.X0) / Math.pow(b, a);
  const c2 = ((1 - w) * hcal.lambdaI) / Math.pow(d, a);
  const f1 = c1 / (c1 + c2);
  const P = (zz: number, scale: number, k: number) => gammaP(a, (k * Math.max(zz, 0)) / scale);
  return (
    f1 * (P(z2, hcal.X0, b) - P(z1, hcal.X0, b)) +
    (1 - f1) * (P(z2, hcal.lambdaI, d) - P(z1, hcal.lambdaI, d))
  );
}

/** A simulated hadronic shower in a calorimeter: deposits per slice (calibrated GeV). */
export interface HadronShower {
  energy: number;
  /** Depth of the first interaction from the calorimeter front, mm. */
  start: number;
  boundariesMm: Float64Array;
  deposits: Float64Array;
  meanDeposits: Float64Array;
  total: number;
  /** Mean energy behind the last boundary, GeV. */
  leakage: number;
}

/**
 * Simulate a hadronic shower of energy E (GeV) entering a calorimeter at depth 0. Slices are
 * given in mm from the calorimeter front (`boundariesMm`, or `sliceMm` x `depthMm`). If the
 * first interaction lies beyond the calorimeter the hadron punches through (total 0; the caller
 * adds its MIP deposits).
 */
export function simulateHadronShower(
  energy: number,
  hcal: HadronCalorimeterParams,
  rng: Rng,
  options: { boundariesMm?: ArrayLike<number>; sliceMm?: number; depthMm?: number; startMm?: number } = {},
): HadronShower {
  let bounds: Float64Array;
  if (options.boundariesMm) bounds = Float64Array.from(options.boundariesMm as ArrayLike<number>);
  else {
    const depth = options.depthMm ?? 10 * hcal.lambdaI;
    const w = options.sliceMm ?? hcal.lambdaI / 10;
    const n = Math.max(1, Math.ceil(depth / w - 1e-9));
    bounds = new Float64Array(n + 1);
    for (let i = 0; i <= n; i++) bounds[i] = Math.min(i * w, depth);
  }
  const start = options.startMm ?? bounds[0] + rng.exponential(hcal.lambdaI);
  const n = bounds.length - 1;
  const mean = new Float64Array(n);
  const dep = new Float64Array(n);
  let inside = 0;
  for (let i = 0; i < n; i++) {
    mean[i] = energy * hadronLongitudinalFraction(energy, hcal, bounds[i] - start, bounds[i + 1] - start);
    inside += mean[i];
  }
  const res = hcal.resolution;
  if (res && res.stochastic > 0) {
    const q = res.stochastic * res.stochastic;
    for (let i = 0; i < n; i++) dep[i] = mean[i] > 0 ? rng.gamma(mean[i] / q, q) : 0;
  } else dep.set(mean);
  if (res && res.constant > 0) {
    const f = Math.max(0, 1 + res.constant * rng.normal());
    for (let i = 0; i < n; i++) dep[i] *= f;
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += dep[i];
  return { energy, start, boundariesMm: bounds, deposits: dep, meanDeposits: mean, total, leakage: energy - inside };
}

/**
 * Lateral radius (mm) of a hadronic energy deposit: the 2 r R^2/(r^2+R^2)^2 form with
 * R = lambda_I / sqrt(19), so that 95% of the energy lies within one lambda_I (PDG,
 * "Hadronic showers": 95% containment radius ~ lambda_I). Approximate.
 */
export function sampleHadronLateralRadius(lambdaI: number, rng: Rng): number {
  const u = rng.uniform();
  return (lambdaI / Math.sqrt(19)) * Math.sqrt(u / (1 - u));
}
