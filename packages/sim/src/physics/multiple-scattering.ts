/**
 * Multiple Coulomb scattering, Gaussian approximation (PDG "Passage of particles through
 * matter", section 34.3, eqs. 34.15-34.20; V.L. Highland, NIM 129 (1975) 497; G.R. Lynch,
 * O.I. Dahl, NIM B58 (1991) 6):
 *   theta0 = 13.6 MeV/(beta c p) z sqrt(x/X0) [1 + 0.038 ln(x z^2/(X0 beta^2))]
 * (plane-projected width, accurate to 11% for 1e-3 < x/X0 < 100). Per projected plane, with
 * independent standard normals z1, z2 (PDG eq. 34.20):
 *   y_plane     = z1 x theta0 / sqrt(12) + z2 x theta0 / 2
 *   theta_plane = z2 theta0
 * giving rms y = x theta0/sqrt(3) and correlation rho(y, theta) = sqrt(3)/2.
 */
import type { Rng } from '../random/rng.ts';

/** Highland theta0 in rad; p in GeV, mass in GeV, x and X0 in the same length unit. */
export function highlandTheta0(p: number, mass: number, x: number, X0: number, charge = 1): number {
  if (x <= 0) return 0;
  const E = Math.sqrt(p * p + mass * mass);
  const beta = p / E;
  const t = x / X0;
  const z = Math.abs(charge);
  const corr = 1 + 0.038 * Math.log((t * z * z) / (beta * beta));
  return ((0.0136 / (beta * p)) * z * Math.sqrt(t) * Math.max(corr, 0));
}

/** Deflection and displacement in the two projected planes (rad, and the unit of x). */
export interface ScatterResult {
  thetaX: number;
  thetaY: number;
  dx: number;
  dy: number;
}

/** Sample correlated angle and lateral displacement for a layer of thickness x (PDG eq. 34.20). */
export function sampleMultipleScattering(theta0: number, x: number, rng: Rng): ScatterResult {
  const s12 = 1 / Math.sqrt(12);
  const z1 = rng.normal();
  const z2 = rng.normal();
  const z3 = rng.normal();
  const z4 = rng.normal();
  return {
    dx: z1 * x * theta0 * s12 + z2 * x * theta0 * 0.5,
    thetaX: z2 * theta0,
    dy: z3 * x * theta0 * s12 + z4 * x * theta0 * 0.5,
    thetaY: z4 * theta0,
  };
}

/**
 * Apply the deflection (thetaX, thetaY) to a direction (ux, uy, uz): small rotation in the
 * local frame where the direction is the z axis. Returns a unit vector.
 */
export function deflect(u: [number, number, number], thetaX: number, thetaY: number): [number, number, number] {
  const [ux, uy, uz] = u;
  // Local transverse axes e1, e2 perpendicular to u (e1 ~ x, e2 ~ y for u ~ +z).
  let e1: [number, number, number];
  if (Math.abs(uz) < 0.9) {
    const n = Math.hypot(uy, ux);
    e1 = [-uy / n, ux / n, 0];
  } else {
    const n = Math.hypot(uz, ux);
    e1 = [uz / n, 0, -ux / n];
  }
  const e2: [number, number, number] = [
    uy * e1[2] - uz * e1[1],
    uz * e1[0] - ux * e1[2],
    ux * e1[1] - uy * e1[0],
  ];
  const tx = Math.tan(thetaX);
  const ty = Math.tan(thetaY);
  const vx = ux + tx * e1[0] + ty * e2[0];
  const vy = uy + tx * e1[1] + ty * e2[1];
  const vz = uz + tx * e1[2] + ty * e2[2];
  const n = Math.hypot(vx, vy, vz);
  return [vx / n, vy / n, vz / n];
}
