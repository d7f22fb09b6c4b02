/**
 * Electromagnetic showers: GFlash parameterisation (G. Grindhammer, S. Peters, "The
 * parameterized simulation of electromagnetic showers in homogeneous and sampling
 * calorimeters", hep-ex/0001020; the numbers below are that paper's, as also used in the
 * Geant4 GFlash sources).
 *
 * Longitudinal: dE/dt = E f(t), f(t) = (beta t)^(alpha-1) beta exp(-beta t) / Gamma(alpha),
 * t = depth / X0, beta = (alpha - 1) / T, T = depth of the maximum. The energy between t1 and t2
 * is E [P(alpha, beta t2) - P(alpha, beta t1)] with P the regularised incomplete gamma function.
 * Each shower draws (ln T, ln alpha) from a correlated 2D normal distribution.
 * Lateral: f(r) = p f_C(r) + (1 - p) f_T(r), f_i(r) = 2 r R_i^2 / (r^2 + R_i^2)^2 with r in
 * Moliere radii, sampled as r = R_i sqrt(u / (1 - u)).
 * Sampling fluctuations: a Gamma-distributed visible energy per slice with variance
 * q * mean, q = a^2 * 1 GeV, giving sigma/E = a/sqrt(E) for the sum, and one common factor
 * (1 + b N(0,1)) for the constant term: sigma/E = a/sqrt(E) (+) b (added in quadrature).
 */
import type { Rng } from '../random/rng.ts';
import type { MaterialParams } from './materials.ts';
import { MOLIERE_SCALE_ENERGY } from './constants.ts';
import { gammaP, gammaPWithLnGamma, lnGamma } from './special.ts';

/** Energy resolution sigma/E = stochastic/sqrt(E[GeV]) (+) constant, fractions. */
export interface Resolution {
  stochastic: number;
  constant: number;
}

/**
 * NA64 ECAL resolution (approx.): a = 9.5% (DESIGN section 7: "a ~ 9-10%"), constant term 1%
 * (order-of-magnitude placeholder, not a published NA64 number; tune to data).
 */
export const NA64_ECAL_RESOLUTION: Resolution = { stochastic: 0.095, constant: 0.01 };

/** Effective parameters of a (homogeneous or sampling) EM calorimeter for GFlash. */
export interface EmCalorimeterParams {
  /** Effective atomic number. */
  Z: number;
  /** Effective radiation length in mm. */
  X0: number;
  /** Effective Moliere radius in mm. */
  moliereRadius: number;
  /** Effective critical energy in MeV. */
  criticalEnergy: number;
  /**
   * Sampling structure: Fs = X0_eff / (d_active + d_passive) (sampling frequency) and
   * ehat = e/mip = 1 / (1 + 0.007 (Z_passive - Z_active)). Absent = homogeneous medium.
   */
  sampling?: { Fs: number; ehat: number };
  /** Energy resolution to apply; absent = no sampling fluctuations. */
  resolution?: Resolution;
}

/** Homogeneous calorimeter parameters from one material. */
export function homogeneousCalorimeter(
  m: Pick<MaterialParams, 'Z' | 'X0' | 'moliereRadius' | 'criticalEnergy'>,
  resolution?: Resolution,
): EmCalorimeterParams {
  const p: EmCalorimeterParams = {
    Z: m.Z,
    X0: m.X0,
    moliereRadius: m.moliereRadius,
    criticalEnergy: m.criticalEnergy,
  };
  if (resolution) p.resolution = resolution;
  return p;
}

/**
 * Effective parameters of a sampling calorimeter made of repeated passive + active layers
 * (GFlash paper, section 3.1): volume fractions f_i = d_i / sum d, mass fractions w_i;
 * X0_eff = sum d / sum (d_i / X0_i); 1/R_M,eff = sum f_i / R_M,i;
 * E_c,eff = X0_eff sum f_i E_c,i / X0_i; Z_eff = sum w_i Z_i;
 * Fs = X0_eff / (d_a + d_p); ehat = 1 / (1 + 0.007 (Z_p - Z_a)).
 */
export function samplingCalorimeter(
  passive: Pick<MaterialParams, 'Z' | 'density' | 'X0' | 'moliereRadius' | 'criticalEnergy'>,
  active: Pick<MaterialParams, 'Z' | 'density' | 'X0' | 'moliereRadius' | 'criticalEnergy'>,
  dPassiveMm: number,
  dActiveMm: number,
  resolution?: Resolution,
): EmCalorimeterParams {
  const d = dPassiveMm + dActiveMm;
  const fp = dPassiveMm / d;
  const fa = dActiveMm / d;
  const mp = passive.density * dPassiveMm;
  const ma = active.density * dActiveMm;
  const wp = mp / (mp + ma);
  const wa = ma / (mp + ma);
  const X0 = d / (dPassiveMm / passive.X0 + dActiveMm / active.X0);
  const moliereRadius = 1 / (fp / passive.moliereRadius + fa / active.moliereRadius);
  const criticalEnergy =
    X0 * (fp * passive.criticalEnergy / passive.X0 + fa * active.criticalEnergy / active.X0);
  const Z = wp * passive.Z + wa * active.Z;
  const p: EmCalorimeterParams = {
    Z,
    X0,
    moliereRadius,
    criticalEnergy,
    sampling: { Fs: X0 / d, ehat: 1 / (1 + 0.007 * (passive.Z - active.Z)) },
  };
  if (resolution) p.resolution = resolution;
  return p;
}

/** Moliere radius R_M = E_s X0 / E_c with E_s = 21.2052 MeV (PDG), in the unit of X0. */
export function moliereRadiusFrom(X0: number, criticalEnergyMeV: number): number {
  return (MOLIERE_SCALE_ENERGY * 1000 * X0) / criticalEnergyMeV;
}

/** Parameters of the (ln T, ln alpha) distribution for one shower. */
export interface GflashLongitudinalParams {
  meanLnT: number;
  meanLnAlpha: number;
  sigmaLnT: number;
  sigmaLnAlpha: number;
  /** Correlation coefficient of ln T and ln alpha. */
  rho: number;
}

// Smallest values allowed inside logs / as sigma denominators: GFlash is fitted for
// E >~ 1 GeV (ln y >~ 5); at very low y the formulas would diverge. Guard values (approx.).
const MIN_T = 0.3;
const MIN_SIGMA_DENOM = 0.5;

/**
 * GFlash longitudinal parameters (hep-ex/0001020, eqs. for individual profiles), y = E/Ec:
 * homogeneous: <ln T> = ln(ln y - 0.812), <ln alpha> = ln(0.81 + (0.458 + 2.26/Z) ln y),
 *   sigma(ln T) = 1/(-1.4 + 1.26 ln y), sigma(ln alpha) = 1/(-0.58 + 0.86 ln y),
 *   rho = 0.705 - 0.023 ln y;
 * sampling: <ln T> = ln(T_hom - 0.55/Fs - 0.69 (1 - ehat)), <ln alpha> = ln(alpha_hom - 0.476/Fs),
 *   sigma(ln T) = 1/(-2.5 + 1.25 ln y), sigma(ln alpha) = 1/(-0.82 + 0.79 ln y),
 *   rho = 0.784 - 0.023 ln y.
 */
export function gflashLongitudinalParams(energy: number, calo: EmCalorimeterParams): GflashLongitudinalParams {
  const lny = Math.log(energy / (calo.criticalEnergy * 1e-3));
  const tHom = Math.max(lny - 0.812, MIN_T);
  const aHom = 0.81 + (0.458 + 2.26 / calo.Z) * lny;
  if (!calo.sampling) {
    return {
      meanLnT: Math.log(tHom),
      meanLnAlpha: Math.log(Math.max(aHom, 1.01)),
      sigmaLnT: 1 / Math.max(-1.4 + 1.26 * lny, MIN_SIGMA_DENOM),
      sigmaLnAlpha: 1 / Math.max(-0.58 + 0.86 * lny, MIN_SIGMA_DENOM),
      rho: 0.705 - 0.023 * lny,
    };
  }
  const { Fs, ehat } = calo.sampling;
  const tSam = Math.max(tHom - 0.55 / Fs - 0.69 * (1 - ehat), MIN_T);
  const aSam = Math.max(aHom - 0.476 / Fs, 1.01);
  return {
    meanLnT: Math.log(tSam),
    meanLnAlpha: Math.log(aSam),
    sigmaLnT: 1 / Math.max(-2.5 + 1.25 * lny, MIN_SIGMA_DENOM),
    sigmaLnAlpha: 1 / Math.max(-0.82 + 0.79 * lny, MIN_SIGMA_DENOM),
    rho: 0.784 - 0.023 * lny,
  };
}

/** Fraction of a Gamma(alpha, beta) profile deposited between depths t1 < t2 (in X0). */
export function longitudinalFraction(alpha: number, beta: number, t1: number, t2: number): number {
  return gammaP(alpha, beta * Math.max(t2, 0)) - gammaP(alpha, beta * Math.max(t1, 0));
}

/** Profile shape: T (depth of maximum, X0), alpha, beta = (alpha - 1)/T. */
export interface ProfileShape {
  T: number;
  alpha: number;
  beta: number;
}

/** The median GFlash profile: T = exp<ln T>, alpha = exp<ln alpha> (no fluctuations). */
export function gflashMedianProfile(energy: number, calo: EmCalorimeterParams): ProfileShape {
  const p = gflashLongitudinalParams(energy, calo);
  const T = Math.exp(p.meanLnT);
  const alpha = Math.max(Math.exp(p.meanLnAlpha), 1.01);
  return { T, alpha, beta: (alpha - 1) / T };
}

/** Draw one shower's (T, alpha) with the GFlash correlated fluctuations. */
export function sampleGflashProfile(energy: number, calo: EmCalorimeterParams, rng: Rng): ProfileShape {
  return sampleGflashProfileInto({ T: 0, alpha: 0, beta: 0 }, energy, calo, rng);
}

/** sampleGflashProfile written into `out` (a reused object: no allocation per shower). */
export function sampleGflashProfileInto<P extends ProfileShape>(out: P, energy: number, calo: EmCalorimeterParams, rng: Rng): P {
  const p = gflashLongitudinalParams(energy, calo);
  const z1 = rng.normal();
  const z2 = rng.normal();
  const lnT = p.meanLnT + p.sigmaLnT * z1;
  const lnA = p.meanLnAlpha + p.sigmaLnAlpha * (p.rho * z1 + Math.sqrt(Math.max(0, 1 - p.rho * p.rho)) * z2);
  out.T = Math.exp(lnT);
  out.alpha = Math.max(Math.exp(lnA), 1.01); // alpha > 1 keeps beta > 0 (guard, approx.)
  out.beta = (out.alpha - 1) / out.T;
  return out;
}

/** Options of simulateEmShower. */
export interface EmShowerOptions {
  /** Slice boundaries in X0 from the shower start (ascending). Overrides sliceX0/depthX0. */
  boundariesX0?: ArrayLike<number>;
  /** Slice width in X0 (default 1). */
  sliceX0?: number;
  /** Calorimeter depth in X0 after the shower start (default 40). */
  depthX0?: number;
  /** Apply sampling fluctuations when calo.resolution is set (default true). */
  fluctuate?: boolean;
}

/** A simulated EM shower: per-slice visible energies (calibrated GeV). */
export interface EmShower {
  energy: number;
  profile: ProfileShape;
  /** Slice boundaries in X0, length n + 1. */
  boundariesX0: Float64Array;
  /** Visible energy per slice in GeV (fluctuated, calibrated to the electron scale). */
  deposits: Float64Array;
  /** Expected (unfluctuated) energy per slice in GeV. */
  meanDeposits: Float64Array;
  /** Sum of deposits. */
  total: number;
  /** Energy beyond the last boundary (longitudinal leakage, mean), GeV. */
  leakage: number;
}

/**
 * Simulate the longitudinal development of an EM shower of energy E (GeV) starting at depth 0.
 */
export function simulateEmShower(
  energy: number,
  calo: EmCalorimeterParams,
  rng: Rng,
  options: EmShowerOptions = {},
): EmShower {
  let bounds: Float64Array;
  if (options.boundariesX0) {
    bounds = Float64Array.from(options.boundariesX0 as ArrayLike<number>);
  } else {
    const w = options.sliceX0 ?? 1;
    const depth = options.depthX0 ?? 40;
    const n = Math.max(1, Math.ceil(depth / w - 1e-9));
    bounds = new Float64Array(n + 1);
    for (let i = 0; i <= n; i++) bounds[i] = Math.min(i * w, depth);
  }
  const slices = new EmShowerSlices(bounds.length - 1);
  slices.sample(energy, calo, rng, bounds, bounds.length - 1, options.fluctuate !== false);
  return {
    energy,
    profile: { T: slices.T, alpha: slices.alpha, beta: slices.beta },
    boundariesX0: bounds,
    deposits: slices.deposits,
    meanDeposits: slices.means,
    total: slices.total,
    leakage: slices.leakage,
  };
}

/**
 * One shower's longitudinal development into reusable per-slice buffers (what simulateEmShower
 * returns, without allocating per shower): a profile drawn as in sampleGflashProfile, mean
 * slice energies from P(alpha, beta t), then the sampling fluctuations.
 */
export class EmShowerSlices implements ProfileShape {
  /** Depth of the maximum (X0), shape and rate of the drawn profile. */
  T = 0;
  alpha = 0;
  beta = 0;
  /** Sum of the deposits and mean energy beyond the last boundary, GeV. */
  total = 0;
  leakage = 0;
  /** Visible (fluctuated) and mean energy per slice, GeV; valid in [0, n) of the last sample. */
  deposits: Float64Array;
  means: Float64Array;

  constructor(capacity = 16) {
    this.deposits = new Float64Array(capacity);
    this.means = new Float64Array(capacity);
  }

  /** Samples a shower of `energy` GeV into the n slices between bounds[0..n] (X0, ascending). */
  sample(energy: number, calo: EmCalorimeterParams, rng: Rng, bounds: ArrayLike<number>, n: number, fluctuate = true): void {
    if (this.deposits.length < n) {
      this.deposits = new Float64Array(n);
      this.means = new Float64Array(n);
    }
    sampleGflashProfileInto(this, energy, calo, rng);
    this.meanSlices(energy, bounds, n);
    const res = fluctuate ? calo.resolution : undefined;
    const mean = this.means;
    const dep = this.deposits;
    if (res && res.stochastic > 0) {
      const q = res.stochastic * res.stochastic; // GeV: variance = q * mean
      for (let i = 0; i < n; i++) dep[i] = mean[i] > 0 ? rng.gamma(mean[i] / q, q) : 0;
    } else {
      for (let i = 0; i < n; i++) dep[i] = mean[i];
    }
    if (res && res.constant > 0) {
      const f = Math.max(0, 1 + res.constant * rng.normal());
      for (let i = 0; i < n; i++) dep[i] *= f;
    }
    let total = 0;
    for (let i = 0; i < n; i++) total += dep[i];
    this.total = total;
  }

  /** Mean slice energies E [P(alpha, beta t_(i+1)) - P(alpha, beta t_i)] and the leakage. */
  private meanSlices(energy: number, bounds: ArrayLike<number>, n: number): void {
    const { alpha, beta } = this;
    const gln = lnGamma(alpha);
    const mean = this.means;
    let prev = gammaPWithLnGamma(alpha, beta * Math.max(bounds[0], 0), gln);
    for (let i = 0; i < n; i++) {
      const cur = gammaPWithLnGamma(alpha, beta * Math.max(bounds[i + 1], 0), gln);
      mean[i] = energy * (cur - prev);
      prev = cur;
    }
    this.leakage = energy * (1 - prev);
  }
}

/** GFlash lateral parameters at relative depth tau = t/T: core/tail radii (R_M units), p. */
export interface LateralParams {
  coreRadius: number;
  tailRadius: number;
  coreProbability: number;
}

/**
 * GFlash homogeneous lateral parameters (hep-ex/0001020, section 2.3), E in GeV:
 * R_C = z1 + z2 tau, z1 = 0.0251 + 0.00319 ln E, z2 = 0.1162 - 0.000381 Z;
 * R_T = k1 [exp(k3 (tau - k2)) + exp(k4 (tau - k2))], k1 = 0.659 - 0.00309 Z, k2 = 0.645,
 *   k3 = -2.59, k4 = 0.3585 + 0.0421 ln E;
 * p = p1 exp[(p2 - tau)/p3 - exp((p2 - tau)/p3)], p1 = 2.632 - 0.00094 Z,
 *   p2 = 0.401 + 0.00187 Z, p3 = 1.313 - 0.0686 ln E.
 * For sampling calorimeters the same formulas are used with the effective Z and R_M
 * (the paper's sampling corrections to the lateral profile are not applied: approx.).
 */
export function gflashLateralParams(energy: number, Z: number, tau: number): LateralParams {
  const lateral = new GflashLateral();
  lateral.setShower(energy, Z);
  lateral.setDepth(tau);
  return { coreRadius: lateral.coreRadius, tailRadius: lateral.tailRadius, coreProbability: lateral.coreProbability };
}

/**
 * gflashLateralParams as a reusable object: the energy and Z dependent coefficients once per
 * shower (setShower), the radii and core probability per depth (setDepth); same values.
 */
export class GflashLateral implements LateralParams {
  coreRadius = 0;
  tailRadius = 0;
  coreProbability = 0;
  private z1 = 0;
  private z2 = 0;
  private k1 = 0;
  private k4 = 0;
  private p1 = 0;
  private p2 = 0;
  private p3 = 0;

  setShower(energy: number, Z: number): void {
    const lnE = Math.log(energy);
    this.z1 = 0.0251 + 0.00319 * lnE;
    this.z2 = 0.1162 - 0.000381 * Z;
    this.k1 = 0.659 - 0.00309 * Z;
    this.k4 = 0.3585 + 0.0421 * lnE;
    this.p1 = 2.632 - 0.00094 * Z;
    this.p2 = 0.401 + 0.00187 * Z;
    this.p3 = 1.313 - 0.0686 * lnE;
  }

  setDepth(tau: number): void {
    const k2 = 0.645;
    const k3 = -2.59;
    this.coreRadius = this.z1 + this.z2 * tau;
    this.tailRadius = this.k1 * (Math.exp(k3 * (tau - k2)) + Math.exp(this.k4 * (tau - k2)));
    const x = (this.p2 - tau) / this.p3;
    this.coreProbability = Math.min(1, Math.max(0, this.p1 * Math.exp(x - Math.exp(x))));
  }
}

/** Radius (in units of R) from the profile 2 r R^2 / (r^2 + R^2)^2: r = R sqrt(u/(1-u)). */
export function sampleLateralRadius(R: number, rng: Rng): number {
  const u = rng.uniform();
  return R * Math.sqrt(u / (1 - u));
}

/** Energy spots of a shower: depth t (X0 from start), radius r (mm), azimuth phi, energy e (GeV). */
export interface EmSpots {
  t: Float64Array;
  r: Float64Array;
  phi: Float64Array;
  e: Float64Array;
  /** Slice index of each spot. */
  slice: Int32Array;
}

/**
 * Number of spots per shower, GFlash homogeneous: N = 93 ln(Z) E^0.876 (E in GeV;
 * hep-ex/0001020). The spot count only sets the granularity, not the mean profile.
 */
export function gflashSpotCount(energy: number, Z: number): number {
  return Math.max(1, Math.round(93 * Math.log(Z) * Math.pow(energy, 0.876)));
}

/**
 * Spread a shower's slice energies laterally into spots. Each slice gets spots in proportion
 * to its energy (at least one if it has energy), t uniform in the slice, r from the GFlash
 * core/tail profile at tau = t/T. Spot energies add up to shower.deposits exactly.
 * `maxSpots` caps the total (default 4000) for speed.
 */
export function sampleEmSpots(
  shower: EmShower,
  calo: EmCalorimeterParams,
  rng: Rng,
  options: { nSpots?: number; maxSpots?: number } = {},
): EmSpots {
  const maxSpots = options.maxSpots ?? 4000;
  const nWanted = Math.min(options.nSpots ?? gflashSpotCount(shower.energy, calo.Z), maxSpots);
  const nSl = shower.deposits.length;
  const counts = new Int32Array(nSl);
  let total = 0;
  for (let i = 0; i < nSl; i++) {
    const d = shower.deposits[i];
    if (d > 0 && shower.total > 0) {
      counts[i] = Math.max(1, Math.round((nWanted * d) / shower.total));
      total += counts[i];
    }
  }
  const out: EmSpots = {
    t: new Float64Array(total),
    r: new Float64Array(total),
    phi: new Float64Array(total),
    e: new Float64Array(total),
    slice: new Int32Array(total),
  };
  let k = 0;
  for (let i = 0; i < nSl; i++) {
    const c = counts[i];
    if (c === 0) continue;
    const e = shower.deposits[i] / c;
    const t0 = shower.boundariesX0[i];
    const t1 = shower.boundariesX0[i + 1];
    for (let j = 0; j < c; j++, k++) {
      const t = t0 + (t1 - t0) * rng.uniform();
      const lat = gflashLateralParams(shower.energy, calo.Z, t / shower.profile.T);
      const R = rng.uniform() < lat.coreProbability ? lat.coreRadius : lat.tailRadius;
      out.t[k] = t;
      out.r[k] = sampleLateralRadius(R, rng) * calo.moliereRadius;
      out.phi[k] = 2 * Math.PI * rng.uniform();
      out.e[k] = e;
      out.slice[k] = i;
    }
  }
  return out;
}
