/**
 * Material table for setups and the simulator.
 *
 * Source of every number unless marked otherwise: Particle Data Group, "Atomic and nuclear
 * properties of materials" (pdg.lbl.gov/2024/AtomicNuclearProperties), per-material pages:
 * density, radiation length X0 (g/cm^2), nuclear interaction length lambda_I (g/cm^2), Moliere
 * radius, critical energy for electrons (Rossi definition as listed there), minimum ionisation
 * <-dE/dx>min (MeV cm^2/g). Values are stored as printed there (g, cm, MeV) and converted to the
 * toolkit units (mm, GeV) by `material()`.
 */

/** Names of the materials a setup may use in its material stacks. */
export const MATERIAL_NAMES = [
  'Pb',
  'W',
  'Fe',
  'Cu',
  'scintillator',
  'BGO',
  'gas',
  'vacuum',
  'air',
] as const;
export type MaterialName = (typeof MATERIAL_NAMES)[number];

interface MaterialRow {
  description: string;
  /** Atomic number; for compounds and mixtures the mean over atoms (marked). */
  Z: number;
  /** Atomic mass g/mol; for compounds the mean over atoms. */
  A: number;
  /** <Z/A>, the quantity PDG lists for compounds. */
  ZoverA: number;
  densityGcm3: number;
  x0Gcm2: number;
  lambdaIGcm2: number;
  /** Moliere radius in cm. */
  moliereCm: number;
  /** Critical energy for electrons, MeV. */
  ecMeV: number;
  /** Minimum ionisation, MeV cm^2/g. */
  dEdxMinMeVcm2g: number;
}

const ROWS: Record<MaterialName, MaterialRow> = {
  // PDG "Lead (Pb)": rho 11.35, X0 6.37 g/cm2 (0.5612 cm), lambda_I 199.6 g/cm2 (17.59 cm),
  // R_M 1.602 cm, Ec(e-) 7.43 MeV, dE/dx min 1.122 MeV cm2/g (12.73 MeV/cm).
  Pb: {
    description: 'lead',
    Z: 82, A: 207.2, ZoverA: 0.39575, densityGcm3: 11.35,
    x0Gcm2: 6.37, lambdaIGcm2: 199.6, moliereCm: 1.602, ecMeV: 7.43, dEdxMinMeVcm2g: 1.122,
  },
  // PDG "Tungsten (W)": rho 19.30, X0 6.76 g/cm2 (0.3504 cm), lambda_I 191.9 g/cm2 (9.946 cm),
  // R_M 0.9327 cm, Ec(e-) 7.97 MeV, dE/dx min 1.145 MeV cm2/g.
  W: {
    description: 'tungsten',
    Z: 74, A: 183.84, ZoverA: 0.40252, densityGcm3: 19.3,
    x0Gcm2: 6.76, lambdaIGcm2: 191.9, moliereCm: 0.9327, ecMeV: 7.97, dEdxMinMeVcm2g: 1.145,
  },
  // PDG "Iron (Fe)": rho 7.874, X0 13.84 g/cm2 (1.757 cm), lambda_I 132.1 g/cm2 (16.77 cm),
  // R_M 1.719 cm, Ec(e-) 21.68 MeV, dE/dx min 1.451 MeV cm2/g (11.43 MeV/cm).
  Fe: {
    description: 'iron',
    Z: 26, A: 55.845, ZoverA: 0.46557, densityGcm3: 7.874,
    x0Gcm2: 13.84, lambdaIGcm2: 132.1, moliereCm: 1.719, ecMeV: 21.68, dEdxMinMeVcm2g: 1.451,
  },
  // PDG "Copper (Cu)": rho 8.960, X0 12.86 g/cm2 (1.436 cm), lambda_I 137.3 g/cm2 (15.32 cm),
  // R_M 1.568 cm, Ec(e-) 19.42 MeV, dE/dx min 1.403 MeV cm2/g.
  Cu: {
    description: 'copper',
    Z: 29, A: 63.546, ZoverA: 0.45636, densityGcm3: 8.96,
    x0Gcm2: 12.86, lambdaIGcm2: 137.3, moliereCm: 1.568, ecMeV: 19.42, dEdxMinMeVcm2g: 1.403,
  },
  // PDG "Polystyrene" (C8H8, the base of plastic scintillator): rho 1.060, X0 43.79 g/cm2
  // (41.31 cm), lambda_I 77.07 g/cm2, R_M 9.413 cm, Ec(e-) 93.11 MeV, dE/dx min 1.936 MeV cm2/g
  // (2.052 MeV/cm). Z and A: mean over the 16 atoms of C8H8 (our choice, for formulas needing one Z).
  scintillator: {
    description: 'plastic scintillator (polystyrene)',
    Z: 3.5, A: 6.51, ZoverA: 0.53768, densityGcm3: 1.06,
    x0Gcm2: 43.79, lambdaIGcm2: 77.07, moliereCm: 9.413, ecMeV: 93.11, dEdxMinMeVcm2g: 1.936,
  },
  // PDG "Bismuth germanate (BGO)" Bi4Ge3O12: rho 7.13, X0 7.97 g/cm2 (1.118 cm), lambda_I
  // 159.1 g/cm2 (22.31 cm) (approx.), R_M 2.259 cm, Ec(e-) 10.19 MeV (approx.), dE/dx min
  // 1.251 MeV cm2/g. Z, A: mean over the 19 atoms.
  BGO: {
    description: 'bismuth germanate Bi4Ge3O12',
    Z: 27.2, A: 65.6, ZoverA: 0.42065, densityGcm3: 7.13,
    x0Gcm2: 7.97, lambdaIGcm2: 159.1, moliereCm: 2.259, ecMeV: 10.19, dEdxMinMeVcm2g: 1.251,
  },
  // Ar/CO2 70/30 by volume, mixed by mass fraction (Ar 0.678, CO2 0.322) from the PDG "Argon"
  // (rho 1.662e-3, X0 19.55, lambda_I 119.7, Ec 32.84 MeV, dE/dx 1.519) and "Carbon dioxide (gas)"
  // (rho 1.842e-3, X0 36.20, lambda_I 85.9, dE/dx 1.819) entries: 1/X0 = sum w_i/X0_i (PDG review
  // "Passage of particles through matter", eq. for mixtures). Ec and R_M for the mix are approx.
  gas: {
    description: 'Ar/CO2 70/30 drift gas',
    Z: 12.7, A: 27.6, ZoverA: 0.4651, densityGcm3: 1.716e-3,
    x0Gcm2: 22.95, lambdaIGcm2: 106.2, moliereCm: 6300, ecMeV: 45.0, dEdxMinMeVcm2g: 1.616,
  },
  // Vacuum: no material (infinite lengths, no energy loss).
  vacuum: {
    description: 'vacuum',
    Z: 0, A: 0, ZoverA: 0, densityGcm3: 0,
    x0Gcm2: Infinity, lambdaIGcm2: Infinity, moliereCm: Infinity, ecMeV: Infinity, dEdxMinMeVcm2g: 0,
  },
  // PDG "Air (dry, 1 atm)": rho 1.205e-3, X0 36.62 g/cm2 (303.9 m), lambda_I 90.1 g/cm2,
  // Ec(e-) 87.92 MeV, dE/dx min 1.815 MeV cm2/g; R_M = X0 * 21.2052 MeV / Ec (PDG definition).
  // Z, A: effective values for N2/O2/Ar mix (approx.).
  air: {
    description: 'dry air at 1 atm',
    Z: 7.3, A: 14.7, ZoverA: 0.49919, densityGcm3: 1.205e-3,
    x0Gcm2: 36.62, lambdaIGcm2: 90.1, moliereCm: 7330, ecMeV: 87.92, dEdxMinMeVcm2g: 1.815,
  },
};

/** A material in toolkit units (mm, GeV). */
export interface Material {
  name: MaterialName;
  description: string;
  Z: number;
  A: number;
  ZoverA: number;
  /** g/cm^3 */
  density: number;
  /** Radiation length, mm (Infinity for vacuum). */
  X0: number;
  /** Nuclear interaction length, mm. */
  lambdaI: number;
  /** Moliere radius, mm. */
  moliereRadius: number;
  /** Critical energy for electrons, GeV. */
  criticalEnergy: number;
  /** Minimum-ionising energy loss, GeV per mm. */
  dEdxMin: number;
}

const cache = new Map<MaterialName, Material>();

/** Looks up a material by name in toolkit units; throws on an unknown name. */
export function material(name: MaterialName): Material {
  const hit = cache.get(name);
  if (hit) return hit;
  const row = ROWS[name];
  if (!row) throw new Error(`unknown material "${String(name)}"; known: ${MATERIAL_NAMES.join(', ')}`);
  const rho = row.densityGcm3;
  const m: Material = {
    name,
    description: row.description,
    Z: row.Z,
    A: row.A,
    ZoverA: row.ZoverA,
    density: rho,
    // g/cm^2 divided by g/cm^3 gives cm; times 10 gives mm.
    X0: rho > 0 ? (row.x0Gcm2 / rho) * 10 : Infinity,
    lambdaI: rho > 0 ? (row.lambdaIGcm2 / rho) * 10 : Infinity,
    moliereRadius: row.moliereCm * 10,
    criticalEnergy: row.ecMeV / 1000,
    // MeV cm^2/g * g/cm^3 = MeV/cm; /10 -> MeV/mm; /1000 -> GeV/mm.
    dEdxMin: (row.dEdxMinMeVcm2g * rho) / 10 / 1000,
  };
  cache.set(name, m);
  return m;
}

/** True when `name` is a known material. */
export function isMaterialName(name: string): name is MaterialName {
  return (MATERIAL_NAMES as readonly string[]).includes(name);
}
