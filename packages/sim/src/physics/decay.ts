/**
 * A' / X17 -> e+ e- decay (vector boson with kinetic mixing eps):
 *   Gamma(ee) = (alpha eps^2 m / 3) (1 + 2 m_e^2/m^2) sqrt(1 - 4 m_e^2/m^2)
 * (0906.0580; DMG4 DarkPhotons::Width), c tau = hbar c / Gamma, lab decay length
 * L = (p/m) c tau. The decay point is exponential in the path length; the decay is isotropic
 * in the rest frame (unpolarised approximation) and boosted to the lab. Units: GeV, mm.
 */
import type { Rng } from '../random/rng.ts';
import { ALPHA, ELECTRON_MASS, HBARC_GEV_MM } from './constants.ts';

/** Four-momentum (px, py, pz, E) in GeV. */
export type FourMomentum = [number, number, number, number];

/** Partial width Gamma(A' -> e+e-) in GeV. */
export function darkPhotonWidthEE(m: number, eps: number): number {
  const r = (ELECTRON_MASS * ELECTRON_MASS) / (m * m);
  if (4 * r >= 1) return 0;
  return ((ALPHA * eps * eps * m) / 3) * (1 + 2 * r) * Math.sqrt(1 - 4 * r);
}

/** Proper decay length c tau in mm. */
export function properDecayLength(widthGeV: number): number {
  return HBARC_GEV_MM / widthGeV;
}

/** Mean lab decay length (p/m) c tau in mm for energy E (GeV). */
export function darkPhotonDecayLength(m: number, eps: number, E: number): number {
  const p = Math.sqrt(Math.max(0, E * E - m * m));
  return (p / m) * properDecayLength(darkPhotonWidthEE(m, eps));
}

/** Sample the decay distance (mm) along the flight path: exponential with the lab mean. */
export function sampleDecayDistance(m: number, eps: number, E: number, rng: Rng): number {
  return rng.exponential(darkPhotonDecayLength(m, eps, E));
}

/** Boost p (rest frame) by velocity beta (vector), returning the lab four-momentum. */
export function boost(p: FourMomentum, bx: number, by: number, bz: number): FourMomentum {
  const b2 = bx * bx + by * by + bz * bz;
  if (b2 === 0) return [p[0], p[1], p[2], p[3]];
  const gamma = 1 / Math.sqrt(1 - b2);
  const bp = bx * p[0] + by * p[1] + bz * p[2];
  const g2 = (gamma - 1) / b2;
  const f = g2 * bp + gamma * p[3];
  return [p[0] + f * bx, p[1] + f * by, p[2] + f * bz, gamma * (p[3] + bp)];
}

/**
 * Two-body decay of a particle of mass M and lab four-momentum `parent` into daughters of
 * masses m1, m2: isotropic in the rest frame, boosted to the lab.
 */
export function twoBodyDecay(parent: FourMomentum, m1: number, m2: number, rng: Rng): [FourMomentum, FourMomentum] {
  const [px, py, pz, E] = parent;
  const M = Math.sqrt(Math.max(0, E * E - px * px - py * py - pz * pz));
  const s = M * M;
  const pstar = Math.sqrt(Math.max(0, (s - (m1 + m2) ** 2) * (s - (m1 - m2) ** 2))) / (2 * M);
  const [ux, uy, uz] = rng.isotropicDirection();
  const d1: FourMomentum = [pstar * ux, pstar * uy, pstar * uz, Math.sqrt(pstar * pstar + m1 * m1)];
  const d2: FourMomentum = [-pstar * ux, -pstar * uy, -pstar * uz, Math.sqrt(pstar * pstar + m2 * m2)];
  const bx = px / E;
  const by = py / E;
  const bz = pz / E;
  return [boost(d1, bx, by, bz), boost(d2, bx, by, bz)];
}

/** A' -> e+ e-: returns [e+, e-] lab four-momenta. */
export function decayDarkPhotonToEE(parent: FourMomentum, rng: Rng): [FourMomentum, FourMomentum] {
  return twoBodyDecay(parent, ELECTRON_MASS, ELECTRON_MASS, rng);
}

/** Opening angle between two four-momenta (rad). */
export function openingAngle(a: FourMomentum, b: FourMomentum): number {
  const na = Math.hypot(a[0], a[1], a[2]);
  const nb = Math.hypot(b[0], b[1], b[2]);
  const c = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (na * nb);
  return Math.acos(Math.min(1, Math.max(-1, c)));
}

/**
 * Smallest lab opening angle of a two-body decay into massless daughters: 2 arcsin(m/E) ~ 2m/E.
 * With massive daughters (m_e > 0) a decay almost along the flight direction can give a smaller
 * angle (the backward electron moves slowly forward in the lab); this needs an energy sharing
 * within ~1e-5 of a special value, so it is very rare.
 */
export function minimumOpeningAngle(m: number, E: number): number {
  return 2 * Math.asin(Math.min(1, m / E));
}
