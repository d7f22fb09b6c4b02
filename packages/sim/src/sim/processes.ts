/**
 * Rare processes of the fast simulator, emitted by the PRIMARY beam electron inside a thick
 * target (ECAL or WCAL), consistently with the yield formulas of the physics layer:
 *
 * - A' / X17 emission e Z -> e Z A' (dark-photon.ts): the primary's energy at depth t (radiation
 *   lengths of the target's high-Z material) follows Tsai's I_e(E0, E, t), i.e. v = ln(E0/E) is
 *   Gamma(4t/3)-distributed; the emission point (t, E) is drawn from dt I_e(E0,E,t) sigma_ETL(E)
 *   and x = E_A'/E from the IWW spectrum at E. The expected yield per EOT is exactly
 *   `darkPhotonYieldPerEot` of the same target.
 * - gamma Z -> mu+ mu- Z (dimuon.ts): a bremsstrahlung photon of the primary (number spectrum
 *   per X0 (1/k)(4/3 - 4/3 y + y^2), y = k/E, PDG "Passage of particles through matter",
 *   complete screening) converts into a muon pair instead of e+e- with probability
 *   sigma_mumu(k)/sigma_ee (sigma_ee = (7/9) A/(N_A X0)). Yield per EOT:
 *   Y = Int dt Int dE I_e(E0,E,t) Int dk (1/k)(4/3 - 4/3 y + y^2) sigma_mumu(k)/sigma_ee.
 *   Photons of the secondary shower are neglected (a lower bound, like the A' yield).
 *
 * Biasing (DMG4): the process is forced with probability bias x Y per event and such events get
 * weight 1/bias; events without emission keep weight 1 (exact to first order in Y).
 */
import type { Rng } from '../random/rng.ts';
import {
  DarkPhotonXSampler,
  darkPhotonCrossSection,
  darkPhotonYieldPerEot,
  primaryElectronIntegral,
} from '../physics/dark-photon.ts';
import { ELECTRON_MASS } from '../physics/constants.ts';
import { dimuonCrossSection, pairConversionCrossSection, DIMUON_THRESHOLD } from '../physics/dimuon.ts';
import type { MaterialParams } from '../physics/materials.ts';

/** Energy of the primary after t radiation lengths, drawn from Tsai's I_e: E0 exp(-Gamma(4t/3)). */
export function samplePrimaryEnergy(E0: number, t: number, rng: Rng): number {
  if (t <= 0) return E0;
  return E0 * Math.exp(-rng.gamma((4 / 3) * t, 1));
}

/** Log-spaced table of a positive function of energy, linear interpolation in ln E. */
class EnergyTable {
  private readonly lnE: Float64Array;
  private readonly val: Float64Array;
  readonly max: number;
  constructor(
    readonly eMin: number,
    readonly eMax: number,
    f: (E: number) => number,
    n = 48,
  ) {
    this.lnE = new Float64Array(n);
    this.val = new Float64Array(n);
    let max = 0;
    for (let i = 0; i < n; i++) {
      const E = eMin * Math.pow(eMax / eMin, i / (n - 1));
      this.lnE[i] = Math.log(E);
      this.val[i] = Math.max(0, f(E));
      max = Math.max(max, this.val[i]);
    }
    this.max = max;
  }
  at(E: number): number {
    if (!(E >= this.eMin)) return 0;
    const n = this.lnE.length;
    const f = ((Math.log(E) - this.lnE[0]) / (this.lnE[n - 1] - this.lnE[0])) * (n - 1);
    if (f >= n - 1) return this.val[n - 1];
    const i = Math.floor(f);
    return this.val[i] + (f - i) * (this.val[i + 1] - this.val[i]);
  }
}

/** An emission point of a rare process. */
export interface EmissionPoint {
  /** Depth in radiation lengths of the target material. */
  t: number;
  /** Energy of the emitting primary there, GeV. */
  emitterEnergy: number;
}

function sampleEmissionPoint(E0: number, thicknessX0: number, table: EnergyTable, rng: Rng): EmissionPoint | undefined {
  for (let it = 0; it < 200000; it++) {
    const t = thicknessX0 * rng.uniform();
    const E = samplePrimaryEnergy(E0, t, rng);
    if (rng.uniform() * table.max < table.at(E)) return { t, emitterEnergy: E };
  }
  return undefined;
}

export interface DarkPhotonSetup {
  /** A' mass, GeV. */
  mass: number;
  epsilon: number;
  /** Nominal beam energy, GeV. */
  E0: number;
  target: MaterialParams;
  thicknessX0: number;
}

/** A' emission by the primary electron in a thick target. */
export class DarkPhotonProcess {
  readonly yieldPerEot: number;
  /** Yield with E_A' > E0/2 (the invisible-mode signal region, approx.). */
  readonly yieldAboveHalf: number;
  private readonly sigma: EnergyTable;
  private readonly xSampler: DarkPhotonXSampler;
  private readonly eRef: number;

  constructor(readonly config: DarkPhotonSetup) {
    const { mass: m, epsilon: eps, E0, target, thicknessX0 } = config;
    const nuc = { Z: target.Z, A: target.A };
    this.yieldPerEot = darkPhotonYieldPerEot({ m, eps, E0, target, thicknessX0 });
    this.yieldAboveHalf = darkPhotonYieldPerEot({ m, eps, E0, target, thicknessX0, eAMin: E0 / 2 });
    // Above the beam spread: the table and the x sampler cover E up to eRef.
    this.eRef = 1.1 * E0;
    const eLow = 2 * m * 1.0001;
    this.sigma = new EnergyTable(eLow, this.eRef, (E) => darkPhotonCrossSection(m, eps, E, nuc));
    this.xSampler = new DarkPhotonXSampler(m, this.eRef);
  }

  /** Emission point for a primary of energy E (GeV). */
  sampleEmission(E: number, rng: Rng): EmissionPoint | undefined {
    return sampleEmissionPoint(E, this.config.thicknessX0, this.sigma, rng);
  }

  /**
   * x = E_A'/E at emitter energy E: drawn at eRef and accepted with beta_A(x, E)/beta_A(x, eRef)
   * (the IWW shape depends on E only through beta_A = sqrt(1 - m^2/(x E)^2) and the range).
   */
  sampleX(E: number, rng: Rng): number {
    const m = this.config.mass;
    const xMax = 1 - ELECTRON_MASS / E;
    for (let it = 0; it < 100000; it++) {
      const x = this.xSampler.sample(rng);
      if (x >= xMax) continue;
      const bE = 1 - (m / (x * E)) ** 2;
      if (bE <= 0) continue;
      const bRef = 1 - (m / (x * this.eRef)) ** 2;
      if (rng.uniform() * Math.sqrt(bRef) <= Math.sqrt(bE)) return x;
    }
    return Math.min(xMax, 0.999);
  }
}

/** gamma -> mu+ mu- by a bremsstrahlung photon of the primary electron in a thick target. */
export class DimuonProcess {
  readonly yieldPerEot: number;
  private readonly g: EnergyTable;
  private readonly sigmaEE: number;
  private readonly sigmaMax: number;

  constructor(
    readonly E0: number,
    readonly target: MaterialParams,
    readonly thicknessX0: number,
  ) {
    this.sigmaEE = pairConversionCrossSection(target);
    const eRef = 1.1 * E0;
    this.sigmaMax = dimuonCrossSection(eRef, target.Z, target.A);
    const kMin = DIMUON_THRESHOLD * 1.0001;
    // g(E) = Int_kMin^E dk (1/k)(4/3 - 4/3 y + y^2) sigma_mumu(k)/sigma_ee (per X0).
    const gOf = (E: number): number => {
      if (E <= kMin) return 0;
      const n = 200;
      const a = Math.log(kMin);
      const b = Math.log(E);
      let s = 0;
      for (let i = 0; i < n; i++) {
        const k = Math.exp(a + ((i + 0.5) * (b - a)) / n);
        const y = k / E;
        s += (4 / 3 - (4 / 3) * y + y * y) * dimuonCrossSection(k, target.Z, target.A);
      }
      return (s * (b - a)) / n / this.sigmaEE;
    };
    this.g = new EnergyTable(kMin, eRef, gOf);
    this.yieldPerEot = primaryElectronIntegral(E0, thicknessX0, kMin, (E) => this.g.at(E));
  }

  sampleEmission(E: number, rng: Rng): EmissionPoint | undefined {
    return sampleEmissionPoint(E, this.thicknessX0, this.g, rng);
  }

  /** Photon energy k for emitter energy E: density (1/k)(4/3 - 4/3 y + y^2) sigma_mumu(k). */
  samplePhotonEnergy(E: number, rng: Rng): number {
    const kMin = DIMUON_THRESHOLD * 1.0001;
    const la = Math.log(kMin);
    const lb = Math.log(E);
    for (let it = 0; it < 100000; it++) {
      const k = Math.exp(la + (lb - la) * rng.uniform());
      const y = k / E;
      const f = ((4 / 3 - (4 / 3) * y + y * y) * dimuonCrossSection(k, this.target.Z, this.target.A)) / ((4 / 3) * this.sigmaMax);
      if (rng.uniform() <= f) return k;
    }
    return E / 2;
  }
}
