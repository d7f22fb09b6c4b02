/**
 * Energy loss of minimum-ionising particles (muons, non-interacting hadrons) in a layer:
 * Landau-distributed deposits with the most probable value and width of the PDG review
 * ("Passage of particles through matter", eqs. 34.11-34.12, after H. Bichsel, Rev. Mod. Phys.
 * 60 (1988) 663):
 *   xi   = (K/2) <Z/A> z^2 (x / beta^2)  [MeV, x in g/cm^2],  K = 0.307075 MeV cm^2/mol
 *   Dp   = xi [ ln(2 m_e c^2 beta^2 gamma^2 / I) + ln(xi / I) + j - beta^2 - delta(beta gamma) ],
 *          j = 0.200
 *   FWHM = 4 xi (PDG; 4.018 xi for the Landau function).
 * The density effect uses its high-energy limit (PDG eq. 34.6):
 *   delta/2 -> ln(hbar omega_p / I) + ln(beta gamma) - 1/2, hbar omega_p = 28.816 sqrt(rho <Z/A>) eV,
 * floored at 0 (approx.: the full Sternheimer parameterisation is not used; error < ~0.1 xi
 * at the beta gamma of NA64 muons and beam hadrons).
 */
import type { Rng } from '../random/rng.ts';
import type { MaterialParams } from './materials.ts';
import { meanExcitationEnergy, zOverA } from './materials.ts';
import { BETHE_K_MEV_CM2_PER_MOL, ELECTRON_MASS } from './constants.ts';

/** Landau parameters of the energy deposit in one layer (GeV). */
export interface LandauParams {
  /** Landau scale xi in GeV. */
  xi: number;
  /** Most probable energy loss in GeV. */
  mpv: number;
  /** Full width at half maximum, 4 xi, in GeV. */
  fwhm: number;
  /** Mean loss of a minimum-ionising particle dEdxMin * thickness in GeV (for reference). */
  meanMip: number;
}

/** Density-effect correction delta(beta gamma), high-energy limit (PDG eq. 34.6), floored at 0. */
export function densityEffect(
  m: Pick<MaterialParams, 'Z' | 'A' | 'density' | 'meanExcitation' | 'zOverA'>,
  betaGamma: number,
): number {
  const plasmaEv = 28.816 * Math.sqrt(m.density * zOverA(m)); // PDG: hbar omega_p in eV
  const I = meanExcitationEnergy(m);
  return Math.max(0, 2 * Math.log(plasmaEv / I) + 2 * Math.log(betaGamma) - 1);
}

/**
 * Landau parameters for a particle of momentum p (GeV), mass (GeV), charge z crossing
 * `thicknessMm` of material m.
 */
export function landauParams(
  m: Pick<MaterialParams, 'Z' | 'A' | 'density' | 'dEdxMin' | 'meanExcitation' | 'zOverA'>,
  thicknessMm: number,
  p: number,
  mass: number,
  charge = 1,
): LandauParams {
  const betaGamma = p / mass;
  const gamma = Math.sqrt(1 + betaGamma * betaGamma);
  const beta2 = (betaGamma / gamma) ** 2;
  const xGcm2 = (thicknessMm / 10) * m.density;
  const xiMeV = 0.5 * BETHE_K_MEV_CM2_PER_MOL * zOverA(m) * charge * charge * (xGcm2 / beta2);
  const IMeV = meanExcitationEnergy(m) * 1e-6;
  const meMeV = ELECTRON_MASS * 1e3;
  const mpvMeV =
    xiMeV *
    (Math.log((2 * meMeV * betaGamma * betaGamma) / IMeV) +
      Math.log(xiMeV / IMeV) +
      0.2 -
      beta2 -
      densityEffect(m, betaGamma));
  return {
    xi: xiMeV * 1e-3,
    mpv: Math.max(0, mpvMeV) * 1e-3,
    fwhm: 4 * xiMeV * 1e-3,
    meanMip: m.dEdxMin * (thicknessMm / 10) * 1e-3,
  };
}

/**
 * Sample the energy deposited (GeV) by a MIP-like particle in a layer: mpv + xi (lambda - lambda_mp),
 * lambda standard Landau; clamped to [0, kinetic energy]. Thin-layer (Landau) regime assumed.
 */
export function sampleMipDeposit(
  m: Pick<MaterialParams, 'Z' | 'A' | 'density' | 'dEdxMin' | 'meanExcitation' | 'zOverA'>,
  thicknessMm: number,
  p: number,
  mass: number,
  rng: Rng,
  charge = 1,
): number {
  const lp = landauParams(m, thicknessMm, p, mass, charge);
  const ekin = Math.sqrt(p * p + mass * mass) - mass;
  return Math.min(ekin, Math.max(0, rng.landau(lp.mpv, lp.xi)));
}

/**
 * The material-only constants of the Landau parameters of a unit-charge particle (computed
 * once per material by mipMaterial), in MeV:
 *   xi  = xiPerMm thickness / beta^2,
 *   Dp  = xi [ln(2 m_e c^2 / I^2) + ln(beta^2 gamma^2 xi) + 0.200 - beta^2 - delta],
 *   delta = max(0, 2 ln(hbar omega_p / I) - 1 + ln(beta^2 gamma^2)),
 * so above the density-effect threshold the ln(beta^2 gamma^2) terms cancel and
 *   Dp = xi [ln(2 m_e c^2 / I^2) - 2 ln(hbar omega_p / I) + 1.2 + ln xi - beta^2].
 * The same formulas as landauParams, regrouped to one logarithm per deposit.
 */
export interface MipMaterial {
  /** (K/2) <Z/A> rho / 10: xi in MeV per mm at beta = 1. */
  xiPerMm: number;
  /** ln(2 m_e c^2 / I^2), energies in MeV. */
  lnTwoMeOverI2: number;
  /** 2 ln(hbar omega_p / I) - 1: delta = max(0, this + ln(beta^2 gamma^2)). */
  densityOffset: number;
  /** beta^2 gamma^2 above which delta > 0: exp(-densityOffset). */
  densityThreshold: number;
}

const MIP_MATERIALS = new WeakMap<object, MipMaterial>();

/** The MipMaterial of m, computed on first use and cached by the material object. */
export function mipMaterial(m: Pick<MaterialParams, 'Z' | 'A' | 'density' | 'meanExcitation' | 'zOverA'>): MipMaterial {
  let mat = MIP_MATERIALS.get(m);
  if (mat) return mat;
  const IMeV = meanExcitationEnergy(m) * 1e-6;
  const plasmaEv = 28.816 * Math.sqrt(m.density * zOverA(m)); // PDG: hbar omega_p in eV
  const densityOffset = 2 * Math.log(plasmaEv / meanExcitationEnergy(m)) - 1;
  mat = {
    xiPerMm: 0.5 * BETHE_K_MEV_CM2_PER_MOL * zOverA(m) * (m.density / 10),
    lnTwoMeOverI2: Math.log((2 * ELECTRON_MASS * 1e3) / (IMeV * IMeV)),
    densityOffset,
    densityThreshold: Math.exp(-densityOffset),
  };
  MIP_MATERIALS.set(m, mat);
  return mat;
}

/**
 * sampleMipDeposit for a unit-charge particle with the material constants given: the energy
 * deposited (GeV) in `thicknessMm`, Landau mpv + xi (lambda - lambda_mp), clamped to
 * [0, kinetic energy].
 */
export function sampleMipLoss(mat: MipMaterial, thicknessMm: number, p: number, mass: number, rng: Rng): number {
  const bg2 = (p / mass) * (p / mass);
  const beta2 = bg2 / (1 + bg2);
  const xiMeV = (mat.xiPerMm * thicknessMm) / beta2;
  const bracket =
    bg2 > mat.densityThreshold
      ? mat.lnTwoMeOverI2 - mat.densityOffset + 0.2 + Math.log(xiMeV) - beta2
      : mat.lnTwoMeOverI2 + 0.2 + Math.log(bg2 * xiMeV) - beta2;
  const mpv = Math.max(0, xiMeV * bracket) * 1e-3;
  const ekin = Math.sqrt(p * p + mass * mass) - mass;
  return Math.min(ekin, Math.max(0, rng.landau(mpv, xiMeV * 1e-3)));
}

/** A layer of one material: its Landau constants and its thickness (mm). */
export interface MipLayer {
  material: MipMaterial;
  thickness: number;
}

/**
 * The summed sampleMipLoss of crossing the layers in order, each over its thickness times
 * `pathScale` (one call per stack of layers: a double argument of a call that is not inlined is
 * boxed, so a call per layer made garbage).
 */
export function sampleMipLossThrough(layers: readonly MipLayer[], pathScale: number, p: number, mass: number, rng: Rng): number {
  let loss = 0;
  for (let i = 0; i < layers.length; i++) loss += sampleMipLoss(layers[i].material, layers[i].thickness * pathScale, p, mass, rng);
  return loss;
}
