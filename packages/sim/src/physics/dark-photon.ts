/**
 * Dark photon emission by electrons on nuclei, e Z -> e Z A', in the Weizsaecker-Williams
 * (IWW) approximation with an exact-tree-level (ETL) K-factor correction, following
 * J.D. Bjorken, R. Essig, P. Schuster, N. Toro, Phys. Rev. D 80 (2009) 075018 [0906.0580],
 * and DMG4 (M. Bondi et al., Comput. Phys. Commun. 269 (2021) 108129 [2101.12192]).
 *
 * Effective photon flux (0906.0580 eqs. A18-A19):
 *   chi = Int_{tmin}^{tmax} dt (t - tmin)/t^2 G2(t),  tmin = (m^2/(2 E0))^2,  tmax = m^2,
 *   G2_el = Z^2 [a^2 t/(1 + a^2 t)]^2 [1/(1 + t/d)]^2,  a = 111 Z^(-1/3)/m_e,  d = 0.164 A^(-2/3) GeV^2,
 *   G2_inel (optional) = Z [a'^2 t/(1 + a'^2 t)]^2 [(1 + t (mu_p^2 - 1)/(4 m_p^2)) / (1 + t/0.71)^4]^2,
 *     a' = 773 Z^(-2/3)/m_e, mu_p = 2.79.
 * Total IWW cross section (as used in DMG4, DarkPhotons::TotalCrossSectionCalc):
 *   sigma_IWW = (4/3) (alpha^3 eps^2 chi / m^2) beta ln(1/delta^2),
 *   beta = sqrt(1 - m^2/E0^2), delta = max(m_e/m, m/E0);
 * ETL value sigma_ETL = sigma_IWW / K, K = sigma_IWW/sigma_ETL tabulated vs m (100 GeV beam,
 * DESIGN section 7 / DMG4): 0.6 at 1 MeV, 1.2 at 20 MeV, 1.65 at 100 MeV, 2.1 at 1 GeV,
 * interpolated linearly in ln m, constant outside; used for all E0 (approx.).
 * Check value (DMG4): Pb, m = 16.7 MeV, eps = 1e-4, E0 = 150 GeV: sigma_ETL = 3643 pb.
 *
 * Energy spectrum x = E_A'/E0. Integrating the IWW double-differential cross section of
 * 0906.0580 (eq. A12 form, U = E0^2 x theta^2 + m^2 (1-x)/x + m_e^2 x) over the angle gives
 *   dsigma/dx = 4 alpha^3 eps^2 chi beta_A [(1 - x + x^2/2)/U0 - x (1-x) m^2 / (6 U0^2)],
 *   U0 = m^2 (1-x)/x + m_e^2 x,  beta_A = sqrt(1 - m^2/(x E0)^2),
 * which for m >> m_e and 1 - x >> m_e^2/m^2 is DESIGN's (4 alpha^3 eps^2 chi/m^2) x [1 + x^2/(3(1-x))];
 * the m_e^2 x term regulates the x -> 1 end (cut-off at 1 - x ~ m_e^2/m^2). Its integral agrees
 * with sigma_IWW above to ~2% (Pb, 16.7 MeV, 150 GeV); DESIGN's leading-order form cut at
 * 1 - x = delta would give only about half. We use dsigma/dx for the SHAPE and normalise it to
 * sigma_ETL. Units: GeV; cross sections in pb via (hbar c)^2 = 0.3893793721
 * GeV^2 mb (PDG).
 */
import type { Rng } from '../random/rng.ts';
import type { MaterialParams } from './materials.ts';
import { atomsPerMm3 } from './materials.ts';
import { ALPHA, ELECTRON_MASS, HBARC2_GEV2_PB, PB_TO_MM2, PROTON_MASS } from './constants.ts';
import { gammaP, lnGamma } from './special.ts';

/** Target nucleus. */
export interface Nucleus {
  Z: number;
  /** Mass number (g/mol). */
  A: number;
}

/** Proton magnetic moment in nuclear magnetons used in 0906.0580 eq. A19 (approx. 2.79). */
const MU_PROTON = 2.79;

/** Form factor G2(t) (elastic, optionally + inelastic), t in GeV^2. */
export function darkPhotonFormFactor(t: number, nucleus: Nucleus, inelastic = false): number {
  const { Z, A } = nucleus;
  const a = (111 * Math.pow(Z, -1 / 3)) / ELECTRON_MASS; // 0906.0580 eq. A18
  const d = 0.164 * Math.pow(A, -2 / 3); // GeV^2, 0906.0580 eq. A18
  const a2t = a * a * t;
  let g = Z * Z * ((a2t / (1 + a2t)) ** 2) * (1 / (1 + t / d)) ** 2;
  if (inelastic) {
    const ap = (773 * Math.pow(Z, -2 / 3)) / ELECTRON_MASS; // 0906.0580 eq. A19
    const ap2t = ap * ap * t;
    const num = 1 + (t * (MU_PROTON * MU_PROTON - 1)) / (4 * PROTON_MASS * PROTON_MASS);
    const den = Math.pow(1 + t / 0.71, 4);
    g += Z * ((ap2t / (1 + ap2t)) ** 2) * (num / den) ** 2;
  }
  return g;
}

/** Effective photon flux chi (dimensionless, includes Z^2), numerical integration in ln t. */
export function darkPhotonChi(m: number, E0: number, nucleus: Nucleus, inelastic = false): number {
  const tmin = (m * m / (2 * E0)) ** 2;
  const tmax = m * m;
  if (!(tmax > tmin)) return 0;
  const n = 2000;
  const l0 = Math.log(tmin);
  const dl = (Math.log(tmax) - l0) / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const t = Math.exp(l0 + (i + 0.5) * dl);
    // dt (t - tmin)/t^2 G2 = dl (t - tmin)/t G2
    s += ((t - tmin) / t) * darkPhotonFormFactor(t, nucleus, inelastic);
  }
  return s * dl;
}

/** K-factor table (m in GeV, K = sigma_IWW/sigma_ETL), 100 GeV beam (DMG4 / DESIGN section 7). */
export const DARK_PHOTON_K_TABLE: ReadonlyArray<readonly [number, number]> = [
  [0.001, 0.6],
  [0.02, 1.2],
  [0.1, 1.65],
  [1.0, 2.1],
];

/** K = sigma_IWW/sigma_ETL at mass m (GeV), linear in ln m, clamped outside the table. */
export function darkPhotonKFactor(m: number): number {
  const tab = DARK_PHOTON_K_TABLE;
  if (m <= tab[0][0]) return tab[0][1];
  const last = tab[tab.length - 1];
  if (m >= last[0]) return last[1];
  for (let i = 1; i < tab.length; i++) {
    if (m <= tab[i][0]) {
      const [m0, k0] = tab[i - 1];
      const [m1, k1] = tab[i];
      const f = Math.log(m / m0) / Math.log(m1 / m0);
      return k0 + f * (k1 - k0);
    }
  }
  return last[1];
}

/** sigma_IWW in pb (DMG4 total-cross-section formula, see file header). */
export function darkPhotonCrossSectionIWW(m: number, eps: number, E0: number, nucleus: Nucleus): number {
  if (E0 <= m) return 0;
  const chi = darkPhotonChi(m, E0, nucleus);
  const beta = Math.sqrt(1 - (m * m) / (E0 * E0));
  const delta = Math.max(ELECTRON_MASS / m, m / E0);
  const s = ((4 / 3) * ALPHA ** 3 * eps * eps * chi * beta * Math.log(1 / (delta * delta))) / (m * m);
  return Math.max(0, s * HBARC2_GEV2_PB);
}

/** sigma_ETL = sigma_IWW / K in pb: the total cross section used by the simulation. */
export function darkPhotonCrossSection(m: number, eps: number, E0: number, nucleus: Nucleus): number {
  return darkPhotonCrossSectionIWW(m, eps, E0, nucleus) / darkPhotonKFactor(m);
}

/** DESIGN's leading-order WW spectrum (4 alpha^3 eps^2 chi/m^2) x [1 + x^2/(3(1-x))], in pb. */
export function darkPhotonDsigmaDxWW(x: number, m: number, eps: number, E0: number, nucleus: Nucleus): number {
  if (x <= 0 || x >= 1) return 0;
  const chi = darkPhotonChi(m, E0, nucleus);
  return ((4 * ALPHA ** 3 * eps * eps * chi) / (m * m)) * x * (1 + (x * x) / (3 * (1 - x))) * HBARC2_GEV2_PB;
}

/**
 * Unnormalised x-spectrum (shape) with the electron-mass regulator, see file header:
 * beta_A [(1 - x + x^2/2)/U0 - x (1-x) m^2/(6 U0^2)], U0 = m^2 (1-x)/x + m_e^2 x.
 */
export function darkPhotonXShape(x: number, m: number, E0: number): number {
  const xmin = m / E0;
  if (x <= xmin || x >= 1) return 0;
  const U0 = (m * m * (1 - x)) / x + ELECTRON_MASS * ELECTRON_MASS * x;
  const betaA = Math.sqrt(Math.max(0, 1 - (xmin / x) ** 2));
  return betaA * ((1 - x + 0.5 * x * x) / U0 - (x * (1 - x) * m * m) / (6 * U0 * U0));
}

/** Kinematic range of x: [m/E0, 1 - m_e/E0]. */
export function darkPhotonXRange(m: number, E0: number): [number, number] {
  return [m / E0, 1 - ELECTRON_MASS / E0];
}

/**
 * Tabulated inverse-CDF sampler of x = E_A'/E0 from darkPhotonXShape. The table uses
 * v = -ln(1 - x) on a uniform grid (fine near x -> 1, where the spectrum peaks), trapezoidal
 * cell masses and linear interpolation of the CDF. Optional xCut restricts x >= xCut.
 */
export class DarkPhotonXSampler {
  readonly m: number;
  readonly E0: number;
  readonly xMin: number;
  readonly xMax: number;
  private readonly v: Float64Array;
  private readonly cdf: Float64Array;

  constructor(m: number, E0: number, xCut = 0, nGrid = 4000) {
    this.m = m;
    this.E0 = E0;
    const [x0, x1] = darkPhotonXRange(m, E0);
    this.xMin = Math.max(x0, xCut);
    this.xMax = x1;
    if (!(this.xMax > this.xMin)) throw new RangeError('DarkPhotonXSampler: empty x range');
    const v0 = -Math.log(1 - this.xMin);
    const v1 = -Math.log(1 - this.xMax);
    this.v = new Float64Array(nGrid + 1);
    this.cdf = new Float64Array(nGrid + 1);
    let prevG = 0;
    for (let i = 0; i <= nGrid; i++) {
      const v = v0 + ((v1 - v0) * i) / nGrid;
      this.v[i] = v;
      const x = 1 - Math.exp(-v);
      const g = darkPhotonXShape(x, m, E0) * (1 - x); // dx = (1 - x) dv
      if (i > 0) this.cdf[i] = this.cdf[i - 1] + 0.5 * (g + prevG) * (this.v[i] - this.v[i - 1]);
      prevG = g;
    }
    const tot = this.cdf[nGrid];
    for (let i = 0; i <= nGrid; i++) this.cdf[i] /= tot;
  }

  /** CDF of x according to the table. */
  cdfAt(x: number): number {
    if (x <= this.xMin) return 0;
    if (x >= this.xMax) return 1;
    const v = -Math.log(1 - x);
    const n = this.v.length - 1;
    const f = ((v - this.v[0]) / (this.v[n] - this.v[0])) * n;
    const i = Math.min(n - 1, Math.floor(f));
    return this.cdf[i] + (f - i) * (this.cdf[i + 1] - this.cdf[i]);
  }

  /** Draw x. */
  sample(rng: Rng): number {
    const u = rng.uniform();
    const c = this.cdf;
    let lo = 0;
    let hi = c.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (c[mid] <= u) lo = mid;
      else hi = mid;
    }
    const d = c[hi] - c[lo];
    const f = d > 0 ? (u - c[lo]) / d : 0;
    const v = this.v[lo] + f * (this.v[hi] - this.v[lo]);
    return 1 - Math.exp(-v);
  }
}

/**
 * Fraction of the x-spectrum with x >= xCut (numerical integration of darkPhotonXShape in
 * v = -ln(1-x), n points).
 */
export function darkPhotonFractionAbove(m: number, E0: number, xCut: number, n = 600): number {
  const [x0, x1] = darkPhotonXRange(m, E0);
  if (x1 <= x0) return 0;
  const v0 = -Math.log(1 - x0);
  const v1 = -Math.log(1 - x1);
  const vc = -Math.log(1 - Math.min(Math.max(xCut, x0), x1));
  const dv = (v1 - v0) / n;
  let all = 0;
  let above = 0;
  for (let i = 0; i < n; i++) {
    const v = v0 + (i + 0.5) * dv;
    const x = 1 - Math.exp(-v);
    const g = darkPhotonXShape(x, m, E0) * (1 - x);
    all += g;
    if (v >= vc) above += g;
  }
  return all > 0 ? above / all : 0;
}

/** sigma_ETL(x >= xCut) in pb. */
export function darkPhotonCrossSectionAbove(
  m: number,
  eps: number,
  E0: number,
  nucleus: Nucleus,
  xCut: number,
): number {
  return darkPhotonCrossSection(m, eps, E0, nucleus) * darkPhotonFractionAbove(m, E0, xCut);
}

/** Interaction rate per mm of path: n_atoms sigma (sigma in pb). */
export function interactionRatePerMm(sigmaPb: number, material: Pick<MaterialParams, 'A' | 'density'>): number {
  return atomsPerMm3(material) * sigmaPb * PB_TO_MM2;
}

/**
 * Biased rare-process emission over a step of `stepMm` with rate `ratePerMm` (1/mm):
 * the process is forced to occur with the rate multiplied by `bias`; when it occurs the event
 * gets weight 1/bias (DMG4 approach). The weight is exact to first order in bias*rate*step,
 * so keep bias*rate*(target length) << 1.
 */
export function biasedEmission(
  ratePerMm: number,
  stepMm: number,
  bias: number,
  rng: Rng,
): { emitted: boolean; distanceMm: number; weight: number } {
  const d = rng.exponential(1 / (ratePerMm * bias));
  if (d < stepMm) return { emitted: true, distanceMm: d, weight: 1 / bias };
  return { emitted: false, distanceMm: stepMm, weight: 1 };
}

/**
 * X0-weighted track length of the primary electron with its energy distribution:
 * Int_0^T dt Int dE I_e(E0, E, t) g(E), with the Bethe-Heitler/Tsai energy distribution of an
 * electron after t radiation lengths (Y.S. Tsai, Rev. Mod. Phys. 46 (1974) 815; also Bjorken
 * et al., Phys. Rev. D 38 (1988) 3375): I_e = (1/E0) [ln(E0/E)]^(bt - 1) / Gamma(bt), b = 4/3.
 * With v = ln(E0/E) and w = v^(bt): Int dE I_e g = (1/Gamma(bt+1)) Int_0^(V^bt) e^-v g(E0 e^-v) dw.
 * Only energies E >= eMin contribute. Returns a value in radiation lengths.
 */
export function primaryElectronIntegral(
  E0: number,
  thicknessX0: number,
  eMin: number,
  g: (E: number) => number,
  nT = 80,
  nW = 400,
): number {
  const b = 4 / 3;
  const V = Math.log(E0 / eMin);
  if (!(V > 0)) return 0;
  const dt = thicknessX0 / nT;
  let sum = 0;
  for (let i = 0; i < nT; i++) {
    const t = (i + 0.5) * dt;
    const bt = b * t;
    const W = Math.pow(V, bt);
    const dw = W / nW;
    let inner = 0;
    for (let j = 0; j < nW; j++) {
      const v = Math.pow((j + 0.5) * dw, 1 / bt);
      inner += Math.exp(-v) * g(E0 * Math.exp(-v));
    }
    sum += (inner * dw) / Math.exp(lnGamma(bt + 1));
  }
  return sum * dt;
}

/** Analytic check of primaryElectronIntegral for g = 1: Int_0^T P(4t/3, ln(E0/eMin)) dt. */
export function primaryElectronTrackLength(E0: number, thicknessX0: number, eMin: number, n = 400): number {
  const V = Math.log(E0 / eMin);
  const dt = thicknessX0 / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += gammaP((4 / 3) * (i + 0.5) * dt, V);
  return s * dt;
}

/** Inputs of darkPhotonYieldPerEot. */
export interface DarkPhotonYieldInput {
  /** A' mass, GeV. */
  m: number;
  /** Kinetic mixing. */
  eps: number;
  /** Beam energy, GeV. */
  E0: number;
  /** Target (thick: ECAL or WCAL, effective material). */
  target: Pick<MaterialParams, 'Z' | 'A' | 'density' | 'X0'>;
  /** Target thickness in radiation lengths. */
  thicknessX0: number;
  /** Minimum A' energy (GeV) to count, e.g. the missing-energy threshold. Default: m. */
  eAMin?: number;
}

/**
 * Expected number of A' per electron on target in a thick target, counting emission by the
 * PRIMARY electron only (its energy degraded by bremsstrahlung as in primaryElectronIntegral):
 *   N/EOT = n_atoms X0 Int dt Int dE I_e(E0,E,t) sigma_ETL(E; E_A' >= eAMin).
 * Secondary shower e+- are neglected (approx.): they add yield at low A' energies; for a
 * missing-energy cut near E0/2 the primary dominates. sigma is tabulated at 24 energies
 * between max(eAMin, 2m) and E0 and interpolated in ln E.
 */
export function darkPhotonYieldPerEot(input: DarkPhotonYieldInput): number {
  const { m, eps, E0, target, thicknessX0 } = input;
  const eAMin = Math.max(input.eAMin ?? m, m);
  const eLow = Math.max(eAMin, 2 * m) * 1.0001;
  if (eLow >= E0) return 0;
  const nuc = { Z: target.Z, A: target.A };
  const nE = 24;
  const lnE: number[] = [];
  const sig: number[] = [];
  for (let i = 0; i < nE; i++) {
    const E = eLow * Math.pow(E0 / eLow, i / (nE - 1));
    lnE.push(Math.log(E));
    sig.push(darkPhotonCrossSectionAbove(m, eps, E, nuc, eAMin / E));
  }
  const sigmaAt = (E: number): number => {
    if (E < eLow) return 0;
    const l = Math.log(E);
    const f = ((l - lnE[0]) / (lnE[nE - 1] - lnE[0])) * (nE - 1);
    const i = Math.min(nE - 2, Math.max(0, Math.floor(f)));
    return sig[i] + (f - i) * (sig[i + 1] - sig[i]);
  };
  const trackX0 = primaryElectronIntegral(E0, thicknessX0, eLow, sigmaAt);
  return atomsPerMm3(target) * PB_TO_MM2 * target.X0 * trackX0;
}
