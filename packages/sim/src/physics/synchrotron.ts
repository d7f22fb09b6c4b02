/**
 * Synchrotron radiation of a charged particle in a magnetic field (J.D. Jackson, Classical
 * Electrodynamics, 3rd ed., ch. 14; PDG "Accelerator physics of colliders" / H. Wiedemann,
 * Particle Accelerator Physics, ch. 24):
 *   bending radius rho = p / (0.299792458 B)     [m, GeV, T]
 *   critical energy E_c = (3/2) hbar c gamma^3 / rho
 *   mean number of photons over a bend angle theta: N = (5 / (2 sqrt 3)) alpha gamma theta
 *   photon number spectrum dN/dx ~ Int_x^inf K_{5/3}(s) ds, x = E_gamma/E_c; <E_gamma> = 8/(15 sqrt 3) E_c.
 * K_{5/3} integral: Int_x^inf K_nu(s) ds = Int_0^inf exp(-x cosh u) cosh(nu u)/cosh(u) du (from
 * K_nu(x) = Int_0^inf exp(-x cosh u) cosh(nu u) du, Abramowitz & Stegun 9.6.24), evaluated by the
 * trapezoidal rule (exponentially convergent for this analytic integrand). Photon energies are
 * sampled from a precomputed inverse-CDF table in ln x on [1e-6, 60] (its knots' integrals share
 * one trapezoidal grid in u whose step is the knot spacing in ln x); below 1e-6 the spectrum
 * is the power law x^(-2/3) (its small-x limit), sampled analytically; above 60 it is cut
 * (probability < 1e-25).
 */
import type { Rng } from '../random/rng.ts';
import { ALPHA, GEV_PER_TESLA_METRE, HBARC_GEV_MM } from './constants.ts';

/** Bending radius in mm for momentum p (GeV), charge 1, field B (T). */
export function bendingRadius(p: number, B: number): number {
  return (p / (GEV_PER_TESLA_METRE * Math.abs(B))) * 1000;
}

/** Critical energy (GeV) of synchrotron radiation: (3/2) hbar c gamma^3 / rho, rho in mm. */
export function synchrotronCriticalEnergy(E: number, mass: number, rhoMm: number): number {
  const gamma = E / mass;
  return 1.5 * HBARC_GEV_MM * gamma ** 3 / rhoMm;
}

/** Mean number of photons emitted over a bend angle theta (rad): 5 alpha gamma theta / (2 sqrt 3). */
export function synchrotronPhotonCount(E: number, mass: number, thetaRad: number): number {
  return ((5 / (2 * Math.sqrt(3))) * ALPHA * (E / mass) * Math.abs(thetaRad));
}

/** Mean photon energy 8/(15 sqrt 3) E_c. */
export function synchrotronMeanPhotonEnergy(criticalEnergy: number): number {
  return (8 / (15 * Math.sqrt(3))) * criticalEnergy;
}

/** Int_x^inf K_{5/3}(s) ds for x > 0. */
export function integralK53(x: number): number {
  // Integrand exp(-x cosh u) cosh(5u/3)/cosh(u), decays double-exponentially.
  const h = 0.02;
  let sum = 0.5 * Math.exp(-x); // trapezoid end point u = 0
  for (let k = 1; k < 100000; k++) {
    const u = k * h;
    const ch = Math.cosh(u);
    const term = Math.exp(-x * ch) * Math.cosh((5 / 3) * u) / ch;
    sum += term;
    if (term < 1e-18 * sum && x * ch > 5) break;
  }
  return sum * h;
}

/** Modified Bessel function K_nu(x) (integral representation, A&S 9.6.24), x > 0. */
export function besselK(nu: number, x: number): number {
  const h = 0.02;
  let sum = 0.5 * Math.exp(-x);
  for (let k = 1; k < 100000; k++) {
    const u = k * h;
    const ch = Math.cosh(u);
    const term = Math.exp(-x * ch) * Math.cosh(nu * u);
    sum += term;
    if (term < 1e-18 * sum && x * ch > 5) break;
  }
  return sum * h;
}

const X_LO = 1e-6;
const X_HI = 60;
const N_TAB = 1200;

interface SynchTable {
  lnx: Float64Array;
  cdf: Float64Array;
  /** Probability below X_LO. */
  pLow: number;
  /** d(ln x)/d(cdf) of each interval: the inverse is linear in ln x between the knots. */
  slope: Float64Array;
  /** guide[b]: largest i with cdf[i] <= b / GUIDE_N (search start for u in [b, b+1) / GUIDE_N). */
  guide: Int32Array;
}

/** Guide buckets: several per knot where the spectrum is dense, so the search mostly ends at once. */
const GUIDE_N = 8192;

let cachedTable: SynchTable | undefined;

/** ln x of table knot n (n may lie outside 0..N_TAB: the same spacing continued). */
function lnxOfKnot(n: number): number {
  const l0 = Math.log(X_LO);
  return l0 + ((Math.log(X_HI) - l0) * n) / N_TAB;
}

/**
 * integralK53 at every table knot x_n = exp(lnxOfKnot(n)), n = 0..N_TAB, by the same trapezoidal
 * rule with its step set to the knot spacing d = d(ln x). With u_k = k d, x_n cosh(u_k) =
 * (x_{n+k} + x_{n-k}) / 2, so exp(-x_n cosh u_k) = e_{n+k} e_{n-k} with e_m = exp(-x_m / 2): one exp
 * per knot m instead of an exp and two cosh per (x, u) pair.
 */
function integralK53AtKnots(): Float64Array {
  const d = lnxOfKnot(1) - lnxOfKnot(0);
  // Beyond `reach` knots up, x_m / 2 > 745 and e_m underflows: no term reaches that far.
  const reach = Math.ceil((Math.log(2 * 745) - lnxOfKnot(0)) / d);
  const e = new Float64Array(N_TAB + 1 + 2 * reach); // e_m at m + reach
  for (let j = 0; j < e.length; j++) e[j] = Math.exp(-0.5 * Math.exp(lnxOfKnot(j - reach)));
  const weight = new Float64Array(reach); // cosh(5u/3) / cosh(u) at u = k d
  for (let k = 0; k < reach; k++) weight[k] = Math.cosh((5 / 3) * k * d) / Math.cosh(k * d);
  const out = new Float64Array(N_TAB + 1);
  for (let n = 0; n <= N_TAB; n++) out[n] = trapezoidSumAtKnot(e, weight, n + reach) * d;
  return out;
}

/** exp(-x cosh u) where x cosh u = 5: integralK53 stops only past that point. */
const EXP_MINUS_5 = Math.exp(-5);

/** The trapezoidal sum of integralK53AtKnots for the knot whose e_m is e[at]. */
function trapezoidSumAtKnot(e: Float64Array, weight: Float64Array, at: number): number {
  let sum = 0.5 * e[at] * e[at]; // trapezoid end point u = 0
  for (let k = 1; k < weight.length; k++) {
    const decay = e[at + k] * e[at - k]; // exp(-x cosh u)
    const term = weight[k] * decay;
    sum += term;
    if (term < 1e-18 * sum && decay < EXP_MINUS_5) break; // integralK53's stopping rule
  }
  return sum;
}

function table(): SynchTable {
  if (cachedTable) return cachedTable;
  const lnx = new Float64Array(N_TAB + 1);
  const g = integralK53AtKnots();
  for (let i = 0; i <= N_TAB; i++) {
    lnx[i] = lnxOfKnot(i);
    g[i] *= Math.exp(lnx[i]); // density in ln x: G(x) x
  }
  const cdf = new Float64Array(N_TAB + 1);
  // Mass below X_LO with G(x) ~ G(X_LO) (x/X_LO)^(-2/3): 3 X_LO G(X_LO), X_LO being knot 0.
  const low = 3 * g[0];
  cdf[0] = low;
  for (let i = 1; i <= N_TAB; i++) cdf[i] = cdf[i - 1] + 0.5 * (g[i] + g[i - 1]) * (lnx[i] - lnx[i - 1]);
  const tot = cdf[N_TAB];
  for (let i = 0; i <= N_TAB; i++) cdf[i] /= tot;
  const guide = new Int32Array(GUIDE_N);
  let j = 0;
  for (let b = 0; b < GUIDE_N; b++) {
    while (j + 1 <= N_TAB && cdf[j + 1] <= b / GUIDE_N) j++;
    guide[b] = j;
  }
  const slope = new Float64Array(N_TAB);
  for (let i = 0; i < N_TAB; i++) {
    const d = cdf[i + 1] - cdf[i];
    slope[i] = d > 0 ? (lnx[i + 1] - lnx[i]) / d : 0;
  }
  cachedTable = { lnx, cdf, pLow: cdf[0], slope, guide };
  return cachedTable;
}

/** Sample x = E_gamma / E_c from the synchrotron photon number spectrum. */
export function sampleSynchrotronX(rng: Rng): number {
  return synchrotronXOfUniform(rng.uniform());
}

/** The x = E_gamma / E_c of sampleSynchrotronX for its uniform u in [0, 1). */
export function synchrotronXOfUniform(u: number): number {
  const t = table();
  if (u < t.pLow) {
    // x^(-2/3) on (0, X_LO): CDF ~ (x/X_LO)^(1/3)
    const v = u / t.pLow;
    return X_LO * v * v * v;
  }
  // Largest lo with c[lo] <= u, as a bisection would find: the guide starts at or below it
  // (c[guide[b]] <= b / GUIDE_N <= u) and c[N_TAB] = 1 > u ends the scan.
  const c = t.cdf;
  let lo = t.guide[(u * GUIDE_N) | 0];
  while (c[lo + 1] <= u) lo++;
  return Math.exp(t.lnx[lo] + (u - c[lo]) * t.slope[lo]);
}

/**
 * Photons emitted by a particle of energy E (GeV) and mass m over a bend of angle theta in
 * field B (T): count Poisson(N) and energies x E_c. Returns photon energies in GeV (the caller
 * distributes emission points along the arc and subtracts the energy from the particle).
 */
export function sampleSynchrotronPhotons(E: number, mass: number, B: number, thetaRad: number, rng: Rng): Float64Array {
  const rho = bendingRadius(Math.sqrt(E * E - mass * mass), B);
  const Ec = synchrotronCriticalEnergy(E, mass, rho);
  const n = rng.poisson(synchrotronPhotonCount(E, mass, thetaRad));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sampleSynchrotronX(rng) * Ec;
  return out;
}
