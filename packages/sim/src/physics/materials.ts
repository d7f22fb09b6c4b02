/**
 * Material parameters as inputs to the physics models. The physics layer owns no material
 * table; the setup model supplies these numbers (PDG "Atomic and nuclear properties" values).
 */
import { AVOGADRO } from './constants.ts';

/** Bulk properties of one (possibly effective/compound) material. Units: g, cm^3, mm, GeV. */
export interface MaterialParams {
  /** Name for messages only. */
  name?: string;
  /** (Effective) atomic number. */
  Z: number;
  /** (Effective) atomic mass in g/mol. */
  A: number;
  /** Density in g/cm^3. */
  density: number;
  /** Radiation length in mm. */
  X0: number;
  /** Moliere radius in mm. */
  moliereRadius: number;
  /** Critical energy in MeV (PDG convention, Rossi definition for electrons). */
  criticalEnergy: number;
  /** Nuclear interaction length in mm. */
  lambdaI: number;
  /** Minimum ionisation dE/dx in MeV/cm (e.g. Fe 11.4, Pb 12.7, scintillator 2.05; PDG). */
  dEdxMin: number;
  /** Mean excitation energy in eV; if absent, I = 16 Z^0.9 eV (see meanExcitationEnergy). */
  meanExcitation?: number;
  /** <Z/A> in mol/g; if absent Z/A. */
  zOverA?: number;
}

/** Atoms per mm^3: N_A rho / A, with rho in g/cm^3 (1 cm^3 = 1000 mm^3). */
export function atomsPerMm3(m: Pick<MaterialParams, 'A' | 'density'>): number {
  return (AVOGADRO * m.density) / m.A / 1000;
}

/** Radiation length in g/cm^2 from X0 in mm and density in g/cm^3. */
export function radiationLengthGcm2(m: Pick<MaterialParams, 'X0' | 'density'>): number {
  return (m.X0 / 10) * m.density;
}

/**
 * Mean excitation energy in eV: the material's value if given, else the rough rule
 * I ~ 16 Z^0.9 eV (W.R. Leo, "Techniques for Nuclear and Particle Physics Experiments",
 * eq. 2.30; within ~5% of PDG values for Fe (286 eV) and Pb (823 eV)). Approximate.
 */
export function meanExcitationEnergy(m: Pick<MaterialParams, 'Z' | 'meanExcitation'>): number {
  return m.meanExcitation ?? 16 * Math.pow(m.Z, 0.9);
}

/** <Z/A> of the material (mol/g). */
export function zOverA(m: Pick<MaterialParams, 'Z' | 'A' | 'zOverA'>): number {
  return m.zOverA ?? m.Z / m.A;
}
