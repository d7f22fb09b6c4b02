/**
 * Muon pair production by photons, gamma Z -> mu+ mu- Z, after Geant4's
 * G4GammaConversionToMuons, whose formulas are from H. Burkhardt, S.R. Kelner, R.P. Kokoulin,
 * "Monte Carlo generator for muon pair production", CERN-SL-2002-016 (AP) / CLIC Note 511,
 * and the Geant4 Physics Reference Manual ("Gamma conversion into muon pair"):
 *   sigma(E) = (28/9) alpha Z^2 r_mu^2 ln(1 + W_M C_f E_g)            [= (7/9) 4 alpha Z^2 r_mu^2 ln(...)]
 *   r_mu = r_e m_e/m_mu; B = 183 (202.4 for Z = 1); D_n = 1.54 A^0.27 (1.49 for Z = 1);
 *   W_inf = B Z^(-1/3) m_mu / (D_n m_e); W_M = 1/(4 D_n sqrt(e) m_mu); W_sat = W_inf/W_M;
 *   E_g = (1 - 4 m_mu/E)^t (W_sat^s + E^s)^(1/s), t = 1.479 + 0.00799 D_n, s = -0.88
 *     (threshold behaviour and saturation);
 *   C_f = 1 + 0.04 ln(1 + E_c/E), E_c = (-18 + 4347/(B Z^(-1/3))) GeV.
 * At high energy sigma -> (28/9) alpha Z^2 r_mu^2 ln(W_inf).
 *
 * Energy sharing x+ = E+/E in [1/2 - sqrt(1/4 - m_mu/E), 1/2 + sqrt(...)]: rejection from
 *   dsigma/dx+ ~ (1 - 4/3 x+ x-) ln W(x+) / ln W_max,
 *   W = W_inf (1 + (D_n sqrt(e) - 2) delta/m_mu) / (1 + B Z^(-1/3) sqrt(e) delta/m_e),
 *   delta = m_mu^2/(2 E x+ x-)   (the Geant4 sampling density, same paper).
 * Angles (simplified, documented approximation; Geant4 samples a 3-variable (t, psi, rho)
 * distribution): theta+- = (m_mu/E+-) u with u = sqrt(1/t - 1), t drawn from the Geant4 density
 * f1(t) ~ 1 - 2 x+x- + 4 x+x- t (1 - t) without its nuclear-size term; the pair is coplanar
 * (back-to-back azimuths).
 */
import type { Rng } from '../random/rng.ts';
import type { FourMomentum } from './decay.ts';
import type { MaterialParams } from './materials.ts';
import { AVOGADRO, ALPHA, ELECTRON_MASS, ELECTRON_RADIUS_MM, MUON_MASS } from './constants.ts';
import { radiationLengthGcm2 } from './materials.ts';

const SQRT_E = Math.sqrt(Math.E);
/** mm^2 to pb. */
const MM2_TO_PB = 1e34;
/** Burkhardt et al. (2002) saturation power s. */
const POW_SAT = -0.88;

interface MuPairConsts {
  B: number;
  Dn: number;
  zThird: number;
  Winf: number;
  WM: number;
  Wsat: number;
}

function consts(Z: number, A: number): MuPairConsts {
  const B = Z === 1 ? 202.4 : 183;
  const Dn = Z === 1 ? 1.49 : 1.54 * Math.pow(A, 0.27);
  const zThird = Math.pow(Z, -1 / 3);
  const Winf = (B * zThird * MUON_MASS) / (Dn * ELECTRON_MASS);
  const WM = 1 / (4 * Dn * SQRT_E * MUON_MASS); // 1/GeV
  return { B, Dn, zThird, Winf, WM, Wsat: Winf / WM };
}

/** Threshold of gamma -> mu+ mu- on a nucleus (approximately 2 m_mu, recoil neglected; GeV). */
export const DIMUON_THRESHOLD = 4 * MUON_MASS; // Geant4 uses E > 4 m_mu in its threshold factor

/** Total cross section per atom in pb for photon energy E (GeV) on (Z, A). */
export function dimuonCrossSection(E: number, Z: number, A: number): number {
  if (E <= DIMUON_THRESHOLD) return 0;
  const c = consts(Z, A);
  const rMu = (ELECTRON_RADIUS_MM * ELECTRON_MASS) / MUON_MASS;
  const powThres = 1.479 + 0.00799 * c.Dn;
  const Ec = -18 + 4347 / (c.B * c.zThird); // GeV
  const Cf = 1 + 0.04 * Math.log(1 + Ec / E);
  const Eg =
    Math.pow(1 - (4 * MUON_MASS) / E, powThres) *
    Math.pow(Math.pow(c.Wsat, POW_SAT) + Math.pow(E, POW_SAT), 1 / POW_SAT);
  const sigmaMm2 = (28 / 9) * ALPHA * Z * Z * rMu * rMu * Math.log(1 + c.WM * Cf * Eg);
  return sigmaMm2 * MM2_TO_PB;
}

/** High-energy limit (28/9) alpha Z^2 r_mu^2 ln(W_inf) in pb. */
export function dimuonCrossSectionAsymptotic(Z: number, A: number): number {
  const c = consts(Z, A);
  const rMu = (ELECTRON_RADIUS_MM * ELECTRON_MASS) / MUON_MASS;
  return (28 / 9) * ALPHA * Z * Z * rMu * rMu * Math.log(c.Winf) * MM2_TO_PB;
}

/**
 * High-energy e+e- pair-production cross section per atom in pb from the radiation length:
 * sigma = (7/9) A / (N_A X0) (PDG, "Photon and electron interactions", eq. 34.31).
 */
export function pairConversionCrossSection(m: Pick<MaterialParams, 'A' | 'X0' | 'density'>): number {
  const cm2 = ((7 / 9) * m.A) / (AVOGADRO * radiationLengthGcm2(m));
  return cm2 * 1e36;
}

/** Sampled muon pair: energies fraction x+ and lab four-momenta for a photon along +z. */
export interface MuonPair {
  xPlus: number;
  muPlus: FourMomentum;
  muMinus: FourMomentum;
}

/** Sample x+ = E(mu+)/E for photon energy E on (Z, A). */
export function sampleDimuonXPlus(E: number, Z: number, A: number, rng: Rng): number {
  const c = consts(Z, A);
  const inv = MUON_MASS / E;
  const sq = Math.sqrt(Math.max(0, 0.25 - inv));
  const xmin = 0.5 - sq;
  const xmax = 0.5 + sq;
  const ds2 = c.Dn * SQRT_E - 2;
  const sBZ = (SQRT_E * c.B * c.zThird) / ELECTRON_MASS;
  // W at x+ = 1/2 (its maximum): delta = 2 m_mu^2/E
  const lnWmax = Math.log((c.Winf * (1 + 2 * ds2 * inv)) / (1 + 2 * sBZ * MUON_MASS * inv));
  for (let it = 0; it < 10000; it++) {
    const x = xmin + rng.uniform() * (xmax - xmin);
    const xpm = x * (1 - x);
    const delta = (MUON_MASS * MUON_MASS) / (2 * E * xpm);
    const W = (c.Winf * (1 + (ds2 * delta) / MUON_MASS)) / (1 + sBZ * delta);
    if (W <= 1) continue;
    const f = ((1 - (4 / 3) * xpm) * Math.log(W)) / lnWmax;
    if (rng.uniform() <= f) return x;
  }
  return 0.5;
}

/** Sample a muon pair from a photon of energy E moving along +z (see file header). */
export function sampleDimuonPair(E: number, Z: number, A: number, rng: Rng): MuonPair {
  const xPlus = sampleDimuonXPlus(E, Z, A, rng);
  const xpm = xPlus * (1 - xPlus);
  // t from f1(t) ~ 1 - 2 xpm + 4 xpm t (1 - t) on (0, 1), by rejection (max at t = 1/2).
  const fmax = 1 - 2 * xpm + xpm;
  let t = 0.5;
  for (let it = 0; it < 1000; it++) {
    t = rng.uniformOpen();
    if (rng.uniform() * fmax <= 1 - 2 * xpm + 4 * xpm * t * (1 - t)) break;
  }
  const u = Math.sqrt(1 / t - 1);
  const Ep = xPlus * E;
  const Em = (1 - xPlus) * E;
  const thP = Math.min(Math.PI, ((MUON_MASS / E) * u) / xPlus);
  const thM = Math.min(Math.PI, ((MUON_MASS / E) * u) / (1 - xPlus));
  const phi = 2 * Math.PI * rng.uniform();
  const pP = Math.sqrt(Math.max(0, Ep * Ep - MUON_MASS * MUON_MASS));
  const pM = Math.sqrt(Math.max(0, Em * Em - MUON_MASS * MUON_MASS));
  const muPlus: FourMomentum = [
    pP * Math.sin(thP) * Math.cos(phi),
    pP * Math.sin(thP) * Math.sin(phi),
    pP * Math.cos(thP),
    Ep,
  ];
  const muMinus: FourMomentum = [
    -pM * Math.sin(thM) * Math.cos(phi),
    -pM * Math.sin(thM) * Math.sin(phi),
    pM * Math.cos(thM),
    Em,
  ];
  return { xPlus, muPlus, muMinus };
}
