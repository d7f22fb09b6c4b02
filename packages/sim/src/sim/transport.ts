/**
 * Event generation and fast transport through a setup.
 *
 * Particles move on straight lines between elements, get a thin-lens kick at the centre of each
 * dipole (the `traceTrack` thin-lens convention: dtheta = -0.3 q By L / p) and Highland multiple
 * scattering at the exit of every element with material. In the material:
 * - e+-, photons in calorimeters / SRD: GFlash shower (photons first convert after an
 *   exponential depth of 9/7 X0), slices per depth section and per 3 X0, lateral spots -> cells;
 * - muons and non-interacting hadrons: thick-absorber Landau per material and depth section;
 * - pi-, K- in calorimeters: first interaction exponential in lambda_I, Bock shower; the mean
 *   longitudinal leakage continues as a shower in the next calorimeter downstream;
 * - charged particles in counters and trackers: Landau deposits; strip/tube plane crossings;
 * - electrons in dipoles: synchrotron photons along the arc, followed straight to the first thick
 *   element (SRD, calorimeters), where they convert and deposit locally.
 * Energies given to cells are on the calibrated (electron) scale: the digitizer turns them into
 * ADC amplitudes with the setup gains, so reconstruction with the same gains returns them.
 */
import type { Rng } from '../random/rng.ts';
import { ELECTRON_MASS, MUON_MASS, PION_MASS } from '../physics/constants.ts';
import { EmShowerSlices, GflashLateral, gflashSpotCount } from '../physics/em-shower.ts';
import { simulateHadronShower, sampleHadronLateralRadius } from '../physics/hadron-shower.ts';
import { mipMaterial, sampleMipLossThrough } from '../physics/mip.ts';
import type { MipLayer } from '../physics/mip.ts';
import { highlandTheta0 } from '../physics/multiple-scattering.ts';
import { synchrotronPhotonCount, bendingRadius, synchrotronCriticalEnergy, synchrotronXOfUniform } from '../physics/synchrotron.ts';
import { darkPhotonDecayLength, decayDarkPhotonToEE } from '../physics/decay.ts';
import type { FourMomentum } from '../physics/decay.ts';
import { sampleDimuonPair } from '../physics/dimuon.ts';
import type { ElementModel, SimSetup, MsadcReadout, MaterialSlab } from './setup-model.ts';
import { EventSignals, TruthList, PDG_DARK_PHOTON } from './signals.ts';
import type { DarkPhotonProcess, DimuonProcess } from './processes.ts';
import { normalHi, normalLo } from '../digitize/types.ts';
import { Azimuth } from '../random/azimuth.ts';

/** Scratch for the spot azimuths (set and read at once). */
const AZIMUTH = new Azimuth();

/** out[0..n) = n uniforms of rng, in order (a small loop the compiler inlines `uniform` into). */
function fillUniforms(rng: Rng, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = rng.uniform();
}

/** Sorts a[0..n) ascending: insertion sort for the few keys of an event, else the built-in sort. */
function sortAscending(a: Int32Array, n: number): void {
  if (n > 32) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/** Kaon mass, GeV (PDG 2024, K+-). */
const KAON_MASS = 0.493677;
/** GeV per T m per GeV/c: bend angle = 0.299792458 B L / p (SETUPS.md convention). */
const BEND = 0.299792458;

export const PDG = { electron: 11, positron: -11, photon: 22, muMinus: 13, muPlus: -13, piMinus: -211, kMinus: -321 } as const;

export function particleOfName(name: string): { pdg: number; mass: number; charge: number } {
  switch (name) {
    case 'e-':
      return { pdg: 11, mass: ELECTRON_MASS, charge: -1 };
    case 'e+':
      return { pdg: -11, mass: ELECTRON_MASS, charge: 1 };
    case 'mu-':
      return { pdg: 13, mass: MUON_MASS, charge: -1 };
    case 'mu+':
      return { pdg: -13, mass: MUON_MASS, charge: 1 };
    case 'pi-':
      return { pdg: -211, mass: PION_MASS, charge: -1 };
    case 'pi+':
      return { pdg: 211, mass: PION_MASS, charge: 1 };
    case 'K-':
      return { pdg: -321, mass: KAON_MASS, charge: -1 };
    case 'K+':
      return { pdg: 321, mass: KAON_MASS, charge: 1 };
    case 'gamma':
      return { pdg: 22, mass: 0, charge: 0 };
    default:
      throw new RangeError(`unknown beam particle "${name}"`);
  }
}

function massOf(pdg: number): number {
  const a = Math.abs(pdg);
  if (a === 11) return ELECTRON_MASS;
  if (a === 13) return MUON_MASS;
  if (a === 211) return PION_MASS;
  if (a === 321) return KAON_MASS;
  return 0;
}

function chargeOf(pdg: number): number {
  if (pdg === 11 || pdg === 13 || pdg === -211 || pdg === -321) return -1;
  if (pdg === -11 || pdg === -13 || pdg === 211 || pdg === 321) return 1;
  return 0;
}

/** A particle being transported. Slopes tx = dx/dz, ty = dy/dz. */
export interface Particle {
  pdg: number;
  E: number;
  x: number;
  y: number;
  z: number;
  tx: number;
  ty: number;
  truth: number;
}

/** Rare processes switched on for a run, with their bias factors. */
export interface ProcessConfig {
  darkPhoton?: { process: DarkPhotonProcess; element: number; visible: boolean; bias: number };
  dimuon?: { process: DimuonProcess; element: number; bias: number };
  /** Beam species override: 'beam' (setup beam with its contamination) or 'hadron'. */
  beam: 'beam' | 'hadron';
  /** Lateral spots per EM shower (default 64). */
  spotsPerShower?: number;
  /** Truth rows for the synchrotron photons reaching the SRD (default true). */
  synchrotronTruth?: boolean;
}

export interface EventSummary {
  weight: number;
  /** Bit 1: A' emitted; 2: dimuon; 4: visible-mode decay. */
  flags: number;
}

const FLAG_APRIME = 1;
const FLAG_DIMUON = 2;
const FLAG_VISIBLE = 4;
export const EVENT_FLAGS = { aPrime: FLAG_APRIME, dimuon: FLAG_DIMUON, visible: FLAG_VISIBLE } as const;

interface PendingEmission {
  kind: 'a-prime' | 'dimuon';
  element: number;
  /** Event weight once the emission happens (1/bias). */
  weight: number;
  t: number;
  emitterEnergy: number;
}

/** The slabs with their materials' Landau constants (looked up once per run). */
function mipLayers(slabs: MaterialSlab[]): MipLayer[] {
  return slabs.map((s) => ({ material: mipMaterial(s.params), thickness: s.thickness }));
}

/** Simulates events of one run into reusable signal and truth buffers. */
export class Transport {
  readonly signals: EventSignals;
  readonly truth = new TruthList();
  private rng!: Rng;
  private readonly thick: ElementModel[];
  private readonly beamSpecies: { name: string; cumulative: number }[];
  private pending: PendingEmission | undefined;
  /** z where the last particle stopped inside crossElement (valid when it ran out of energy). */
  private stopAt = 0;
  /** Deferred photon deposits: (element, cell) pairs and energies, nLater in use. */
  private later = new Int32Array(256);
  private laterE = new Float64Array(128);
  private nLater = 0;
  /** Scratch: sorted (element, cell) keys of flushLater, element << 16 | cell. */
  private touched = new Int32Array(128);
  /** Per element with cells: scratch sums of low-energy photon deposits per cell. */
  private readonly laterSums: (Float64Array | undefined)[];
  private flags = 0;
  private weight = 1;
  /** Per element: Landau layers of the whole stack and of each depth section. */
  private readonly stackLayers: MipLayer[][];
  private readonly sectionLayers: MipLayer[][][];
  /** Scratch of emShowerIn: slice boundaries (X0 from the shower start) and their sections. */
  private sliceBounds = new Float64Array(64);
  private sliceSection = new Int32Array(64);
  private readonly showerSlices = new EmShowerSlices(64);
  private readonly lateral = new GflashLateral();
  /** Scratch of spreadSpots: the uniforms of a slice's spots. */
  private spotUniforms = new Float64Array(192);
  /** The synchrotron photon being followed: energy (GeV), emission point (mm), slopes, and the uniform of its conversion depth. */
  private readonly photon = { E: 0.5, x: 0.5, y: 0.5, z: 0.5, tx: 0.5, ty: 0.5, conversionUniform: 0.5 };
  private readonly synchrotronTruth: boolean;
  /** Scratch of synchrotron: the uniforms of a bend's photons. */
  private photonUniforms = new Float64Array(192);

  constructor(
    readonly model: SimSetup,
    readonly config: ProcessConfig,
  ) {
    this.signals = new EventSignals(model);
    this.laterSums = model.elements.map((e) => (e.readout?.kind === 'msadc' ? new Float64Array(e.readout.source.length) : undefined));
    this.thick = model.elements.filter((e) => e.X0 >= 0.5 && e.readout?.kind === 'msadc');
    this.stackLayers = model.elements.map((e) => mipLayers(e.slabs));
    this.sectionLayers = model.elements.map((e) => e.sections.map((sec) => mipLayers(sec.slabs)));
    const beam = model.setup.beam;
    const species: { name: string; cumulative: number }[] = [];
    let c = 0;
    const contamination = Object.entries(beam.contamination ?? {}).sort(([a], [b]) => a.localeCompare(b));
    if (config.beam === 'hadron') {
      const hadrons = contamination.filter(([n]) => n !== 'e-' && n !== 'mu-' && n !== 'e+' && n !== 'mu+');
      const total = hadrons.reduce((s, [, f]) => s + f, 0);
      if (total > 0) for (const [n, f] of hadrons) species.push({ name: n, cumulative: (c += f / total) });
      else species.push({ name: 'pi-', cumulative: 1 });
    } else {
      for (const [n, f] of contamination) species.push({ name: n, cumulative: (c += f) });
      species.push({ name: beam.particle, cumulative: 1 });
    }
    this.beamSpecies = species;
    this.synchrotronTruth = config.synchrotronTruth ?? true;
  }

  /** Simulates one event with the given generator; fills `signals` and `truth`. */
  simulate(rng: Rng): EventSummary {
    this.rng = rng;
    this.signals.reset();
    this.truth.clear();
    this.flags = 0;
    this.weight = 1;
    this.pending = undefined;
    const beam = this.model.setup.beam;
    // Species and kinematics of the primary.
    const u = rng.uniform();
    let name = this.beamSpecies[this.beamSpecies.length - 1].name;
    for (const s of this.beamSpecies) {
      if (u < s.cumulative) {
        name = s.name;
        break;
      }
    }
    const kind = particleOfName(name);
    const E = Math.max(beam.energy * (1 + beam.energySpread * rng.normal()), 2 * kind.mass + 1e-3);
    const x = beam.spotSize.x * rng.normal();
    const y = beam.spotSize.y * rng.normal();
    const z = this.model.zStart - 1;
    const p = Math.sqrt(E * E - kind.mass * kind.mass);
    const row = this.truth.addRow(kind.pdg, -1, 'primary', x, y, z, 0, 0, p, E);
    // Rare processes are decided up front (probability bias x yield), placed during transport.
    if (Math.abs(kind.pdg) === 11) this.decideRareProcess(E);
    this.transport({ pdg: kind.pdg, E, x, y, z, tx: 0, ty: 0, truth: row }, 0);
    this.flushLater();
    return { weight: this.weight, flags: this.flags };
  }

  private decideRareProcess(E: number): void {
    const rng = this.rng;
    const ap = this.config.darkPhoton;
    const mm = this.config.dimuon;
    const pA = ap ? ap.bias * ap.process.yieldPerEot : 0;
    const pM = mm ? mm.bias * mm.process.yieldPerEot : 0;
    const u = rng.uniform();
    if (ap && u < pA) {
      const point = ap.process.sampleEmission(E, rng);
      if (point) this.pending = { kind: 'a-prime', element: ap.element, weight: 1 / ap.bias, t: point.t, emitterEnergy: point.emitterEnergy };
    } else if (mm && u < pA + pM) {
      const point = mm.process.sampleEmission(E, rng);
      if (point) this.pending = { kind: 'dimuon', element: mm.element, weight: 1 / mm.bias, t: point.t, emitterEnergy: point.emitterEnergy };
    }
  }

  /** Moves a particle downstream from element index `from` until it is absorbed or leaves. */
  transport(part: Particle, from: number): void {
    const els = this.model.elements;
    const charge = chargeOf(part.pdg);
    const mass = massOf(part.pdg);
    const isEm = part.pdg === 11 || part.pdg === -11 || part.pdg === 22;
    const isHadron = Math.abs(part.pdg) === 211 || Math.abs(part.pdg) === 321;
    for (let i = from; i < els.length; i++) {
      const el = els[i];
      if (el.z1 <= part.z) continue;
      // Dipole: thin-lens kick at the field centre (aperture checked at the field entry).
      if (el.fieldTm !== 0) {
        if (charge === 0 || part.z >= el.element.position.z) continue;
        const zIn = Math.max(el.fz0, part.z);
        this.moveTo(part, zIn);
        if (!this.inBox(el, part)) continue;
        const p = Math.sqrt(Math.max(part.E * part.E - mass * mass, 1e-12));
        const kick = (-BEND * charge * el.fieldTm) / p;
        if (isEm && part.pdg !== 22) this.synchrotron(part, el, kick, i);
        this.moveTo(part, el.element.position.z);
        part.tx = Math.tan(Math.atan(part.tx) + kick);
        continue;
      }
      if (el.thickness === 0 || el.X0 === 0) continue;
      const zIn = Math.max(el.z0, part.z);
      this.moveTo(part, zIn);
      if (!this.inBox(el, part)) continue;
      const thick = el.kind === 'calorimeter' || el.kind === 'srd';
      // Pending rare process in this target.
      if (this.pending && this.pending.element === i && part.truth === 0) {
        this.rareProcess(part, el, i);
        return;
      }
      if (isEm && thick) {
        this.emShowerIn(el, part, part.pdg === 22 ? this.rng.exponential(9 / 7) : 0, part.E);
        this.truth.setEnd(part.truth, part.x, part.y, part.z);
        return;
      }
      if (part.pdg === 22) continue; // thin material: photons pass (conversions neglected)
      if (isHadron && thick) {
        const remaining = el.z1 - part.z;
        const d = this.rng.exponential(el.lambdaMm);
        if (d < remaining) {
          this.hadronShowerIn(el, i, part, part.z - el.z0 + d, part.E);
          this.truth.setEnd(part.truth, part.x + part.tx * d, part.y + part.ty * d, part.z + d);
          return;
        }
      }
      // Charged particle crossing the element: ionisation, plane crossings, scattering.
      if (charge !== 0) {
        const lost = this.crossElement(el, i, part, mass);
        if (lost >= part.E - mass) {
          // Ranged out inside the element.
          this.moveTo(part, this.stopAt);
          part.E = mass;
          this.truth.setEnd(part.truth, part.x, part.y, part.z);
          return;
        }
        part.E -= lost;
      }
      this.moveTo(part, el.z1);
      if (charge !== 0) this.scatter(el, part, mass, el.z1 - zIn);
      if (part.E <= mass + 1e-3) {
        this.truth.setEnd(part.truth, part.x, part.y, part.z);
        return;
      }
    }
    // Left the setup: end point at its back.
    this.moveTo(part, Math.max(part.z, this.model.zEnd));
    this.truth.setEnd(part.truth, part.x, part.y, part.z);
  }

  private moveTo(part: Particle, z: number): void {
    const dz = z - part.z;
    if (dz === 0) return;
    part.x += part.tx * dz;
    part.y += part.ty * dz;
    part.z = z;
  }

  private inBox(el: ElementModel, part: Particle): boolean {
    return part.x >= el.xMin && part.x <= el.xMax && part.y >= el.yMin && part.y <= el.yMax;
  }

  private scatter(el: ElementModel, part: Particle, mass: number, path: number): void {
    if (!Number.isFinite(el.x0Mm) || path <= 0) return;
    const p = Math.sqrt(Math.max(part.E * part.E - mass * mass, 1e-12));
    const theta0 = highlandTheta0(p, mass, path, el.x0Mm);
    if (!(theta0 > 0)) return;
    const rng = this.rng;
    const r12 = rng.nextUint32();
    const r34 = rng.nextUint32();
    const z1 = normalHi(r12);
    const z2 = normalLo(r12);
    const z3 = normalHi(r34);
    const z4 = normalLo(r34);
    const k = path * theta0;
    // PDG eq. 34.20 (correlated displacement and angle per projection).
    part.x += k * (z1 / Math.sqrt(12) + z2 / 2);
    part.y += k * (z3 / Math.sqrt(12) + z4 / 2);
    part.tx += z2 * theta0;
    part.ty += z4 * theta0;
  }

  /** Ionisation of a charged particle crossing an element from part.z to its back; returns GeV lost. */
  private crossElement(el: ElementModel, index: number, part: Particle, mass: number): number {
    const p = Math.sqrt(Math.max(part.E * part.E - mass * mass, 1e-12));
    const ro = el.readout;
    const rng = this.rng;
    const slope = Math.sqrt(1 + part.tx * part.tx + part.ty * part.ty);
    let lost = 0;
    if (ro?.kind === 'apv' || ro?.kind === 'tdc') {
      const dep = sampleMipLossThrough(this.stackLayers[index], slope, p, mass, rng);
      lost = dep;
      const perPlane = dep / ro.planes.length;
      for (const plane of ro.planes) {
        const dz = plane.z - part.z;
        const x = part.x + part.tx * dz;
        const y = part.y + part.ty * dz;
        this.signals.addCrossing(index, plane.index, x * plane.cos + y * plane.sin, perPlane, 0);
      }
      return lost;
    }
    // Depth sections (or the whole stack): thick-absorber Landau per material; the particle
    // stops in the section where its kinetic energy runs out (deposit capped, end point there).
    let ekin = part.E - mass;
    const sectionLayers = this.sectionLayers[index];
    for (let s = 0; s < el.sections.length; s++) {
      const sec = el.sections[s];
      if (sec.z1 <= part.z) continue;
      const zFrom = Math.max(sec.z0, part.z);
      const frac = (sec.z1 - zFrom) / (sec.z1 - sec.z0);
      const pNow = Math.sqrt(Math.max((ekin + mass) ** 2 - mass * mass, 1e-12));
      let dep = sampleMipLossThrough(sectionLayers[s], frac * slope, pNow, mass, rng);
      let stopped = false;
      if (dep >= ekin) {
        this.stopAt = zFrom + (sec.z1 - zFrom) * (dep > 0 ? ekin / dep : 0);
        dep = ekin;
        stopped = true;
      }
      ekin -= dep;
      lost += dep;
      if (ro?.kind === 'msadc') {
        const zm = (zFrom + (stopped ? this.stopAt : sec.z1)) / 2;
        const dz = zm - part.z;
        this.depositAt(index, ro, part.x + part.tx * dz, part.y + part.ty * dz, s, dep);
      }
      if (stopped) break;
    }
    return lost;
  }

  /** Adds energy to the cell containing (x, y) in section s; nothing when outside the cells. */
  private depositAt(index: number, ro: MsadcReadout, x: number, y: number, section: number, energy: number): void {
    const cell = this.cellAt(index, ro, x, y, section);
    if (cell >= 0) this.signals.addCell(index, cell, ro.pmtsPerCell, energy);
  }

  /**
   * Like depositAt, but the energy is only summed per cell here: the sampling fluctuation is
   * applied to each cell's sum at the end of the event (flushLater).
   */
  private depositLater(index: number, ro: MsadcReadout, x: number, y: number, section: number, energy: number): void {
    const cell = this.cellAt(index, ro, x, y, section);
    if (cell < 0) return;
    const i = this.nLater;
    if (i === this.laterE.length) {
      const l = new Int32Array(4 * i);
      l.set(this.later);
      this.later = l;
      const e = new Float64Array(2 * i);
      e.set(this.laterE);
      this.laterE = e;
    }
    this.later[2 * i] = index;
    this.later[2 * i + 1] = cell;
    this.laterE[i] = energy;
    this.nLater = i + 1;
  }

  /** Index of the cell containing (x, y) in section s of an element's readout; -1 outside the cells. */
  private cellAt(index: number, ro: MsadcReadout, x: number, y: number, section: number): number {
    const position = this.model.elements[index].element.position;
    const fx = (x - position.x) / ro.pitchX + ro.nx / 2;
    const fy = (y - position.y) / ro.pitchY + ro.ny / 2;
    if (!(fx >= 0 && fx < ro.nx && fy >= 0 && fy < ro.ny)) return -1;
    return (fx | 0) + ro.nx * ((fy | 0) + ro.ny * section);
  }

  /** Applies the sampling fluctuation to the summed low-energy photon deposits of each cell. */
  private flushLater(): void {
    const n = this.nLater;
    if (!n) return;
    // Sum per (element, cell) in the per-element scratch arrays, then fluctuate once per cell in
    // a fixed order (element, cell) so the generator sequence is reproducible.
    if (this.touched.length < n) this.touched = new Int32Array(2 * n);
    const keys = this.touched;
    let nt = 0;
    for (let i = 0; i < n; i++) {
      const index = this.later[2 * i];
      const cell = this.later[2 * i + 1];
      const sums = this.laterSums[index]!;
      if (sums[cell] === 0) keys[nt++] = (index << 16) | cell;
      sums[cell] += this.laterE[i];
    }
    sortAscending(keys, nt); // keys distinct
    for (let j = 0; j < nt; j++) {
      const key = keys[j];
      const index = key >>> 16;
      const cell = key & 0xffff;
      const el = this.model.elements[index];
      const ro = el.readout as MsadcReadout;
      const sums = this.laterSums[index]!;
      const E = sums[cell];
      sums[cell] = 0;
      const a = el.em?.resolution?.stochastic ?? 0;
      const dep = a > 0 ? this.rng.gamma(E / (a * a), a * a) : E;
      this.signals.addCell(index, cell, ro.pmtsPerCell, dep);
    }
    this.nLater = 0;
  }

  /**
   * GFlash shower of energy E starting `startX0` radiation lengths behind the particle's current
   * position in element `el` (the particle is at or inside its front).
   */
  private emShowerIn(el: ElementModel, part: Particle, startX0: number, E: number): void {
    const ro = el.readout;
    const em = el.em;
    if (!em || E <= 0) return;
    const index = el.index;
    const depth0 = (part.z - el.z0) / el.x0Mm + startX0; // shower start, X0 from the element front
    if (depth0 >= el.X0) {
      // Converts behind the element (photons only): continues downstream.
      this.moveTo(part, el.z1);
      this.transport({ pdg: part.pdg, E: part.E, x: part.x, y: part.y, z: el.z1 + 1e-6, tx: part.tx, ty: part.ty, truth: part.truth }, index + 1);
      return;
    }
    if (ro?.kind !== 'msadc') return;
    const n = this.sliceShower(el, depth0);
    if (n === 0) return;
    const shower = this.showerSlices;
    shower.sample(E, em, this.rng, this.sliceBounds, n);
    const total = shower.total;
    if (!(total > 0)) return;
    const bounds = this.sliceBounds;
    const nSpotsWanted = Math.min(this.config.spotsPerShower ?? 64, gflashSpotCount(E, em.Z));
    const x0 = part.x + part.tx * startX0 * el.x0Mm;
    const y0 = part.y + part.ty * startX0 * el.x0Mm;
    const singleCell = ro.nx === 1 && ro.ny === 1;
    if (!singleCell) this.lateral.setShower(E, em.Z);
    for (let i = 0; i < n; i++) {
      const dep = shower.deposits[i];
      if (!(dep > 0)) continue;
      const section = this.sliceSection[i];
      const tMid = 0.5 * (bounds[i] + bounds[i + 1]);
      const zs = tMid * el.x0Mm;
      const cx = x0 + part.tx * zs;
      const cy = y0 + part.ty * zs;
      // Single-cell readout laterally: no need to spread.
      if (singleCell) {
        this.depositAt(index, ro, cx, cy, section, dep);
        continue;
      }
      const spots = Math.max(1, Math.round((nSpotsWanted * dep) / total));
      this.lateral.setDepth(tMid / shower.T);
      this.spreadSpots(el, ro, cx, cy, section, spots, dep / spots);
    }
  }

  /**
   * Slice boundaries of a shower starting depth0 X0 behind the element front, in X0 from the
   * shower start: the depth sections, each cut every 3 X0. Fills sliceBounds[0..n] and
   * sliceSection[0..n); returns the number of slices n.
   */
  private sliceShower(el: ElementModel, depth0: number): number {
    const step = 3;
    let n = 0;
    this.sliceBounds[0] = 0;
    for (let s = 0; s < el.sections.length; s++) {
      const sec = el.sections[s];
      if (sec.t1 <= depth0) continue;
      let t = Math.max(sec.t0, depth0) - depth0;
      const end = sec.t1 - depth0;
      while (t < end - 1e-9) {
        const next = Math.min(end, Math.floor(t / step + 1e-9) * step + step);
        if (n + 1 === this.sliceBounds.length) this.growSlices();
        this.sliceBounds[n + 1] = next;
        this.sliceSection[n] = s;
        n++;
        t = next;
      }
    }
    return n;
  }

  private growSlices(): void {
    const bounds = new Float64Array(2 * this.sliceBounds.length);
    bounds.set(this.sliceBounds);
    this.sliceBounds = bounds;
    const sections = new Int32Array(2 * this.sliceSection.length);
    sections.set(this.sliceSection);
    this.sliceSection = sections;
  }

  /** `spots` deposits of energy e around (cx, cy), radii from the lateral profile set in `lateral`. */
  private spreadSpots(el: ElementModel, ro: MsadcReadout, cx: number, cy: number, section: number, spots: number, e: number): void {
    // Three uniforms per spot (core or tail, radius, azimuth), drawn at once into a scratch array.
    if (this.spotUniforms.length < 3 * spots) this.spotUniforms = new Float64Array(3 * spots);
    const u = this.spotUniforms;
    fillUniforms(this.rng, u, 3 * spots);
    const lat = this.lateral;
    const rM = el.em!.moliereRadius;
    const az = AZIMUTH;
    for (let k = 0; k < spots; k++) {
      const R = u[3 * k] < lat.coreProbability ? lat.coreRadius : lat.tailRadius;
      const v = u[3 * k + 1];
      const r = R * Math.sqrt(v / (1 - v)) * rM;
      az.set(u[3 * k + 2]);
      this.depositAt(el.index, ro, cx + r * az.cos, cy + r * az.sin, section, e);
    }
  }

  /** Hadron shower starting `startMm` behind the element front; leakage continues downstream. */
  private hadronShowerIn(el: ElementModel, index: number, part: Particle, startMm: number, E: number): void {
    const ro = el.readout;
    const had = el.had;
    if (!had) return;
    const bounds: number[] = [];
    for (const s of el.sections) bounds.push(s.z0 - el.z0);
    bounds.push(el.sections.length ? el.sections[el.sections.length - 1].z1 - el.z0 : el.thickness);
    const shower = simulateHadronShower(E, had, this.rng, { boundariesMm: bounds, startMm });
    if (ro?.kind === 'msadc') {
      for (let s = 0; s < shower.deposits.length; s++) {
        const dep = shower.deposits[s];
        if (!(dep > 0)) continue;
        const zMid = Math.max(startMm, 0.5 * (bounds[s] + bounds[s + 1]));
        const dz = el.z0 + zMid - part.z;
        const cx = part.x + part.tx * dz;
        const cy = part.y + part.ty * dz;
        const n = ro.nx === 1 && ro.ny === 1 ? 1 : 24;
        for (let k = 0; k < n; k++) {
          const r = n === 1 ? 0 : sampleHadronLateralRadius(had.lambdaI, this.rng);
          const az = AZIMUTH;
          az.set(this.rng.uniform());
          this.depositAt(index, ro, cx + r * az.cos, cy + r * az.sin, s, dep / n);
        }
      }
    }
    const leak = shower.leakage;
    if (leak > 0.05) {
      // Mean longitudinal leakage continues as a shower at the front of the next calorimeter.
      const els = this.model.elements;
      for (let j = index + 1; j < els.length; j++) {
        const next = els[j];
        if (next.kind !== 'calorimeter' || !next.had) continue;
        const dz = next.z0 - part.z;
        const probe: Particle = { pdg: part.pdg, E: part.E, x: part.x + part.tx * dz, y: part.y + part.ty * dz, z: next.z0, tx: part.tx, ty: part.ty, truth: part.truth };
        if (!this.inBox(next, probe)) continue;
        this.hadronShowerIn(next, j, probe, 0, leak);
        break;
      }
    }
  }

  /** Synchrotron photons of an e+- in a dipole, followed to the first thick element. */
  private synchrotron(part: Particle, el: ElementModel, kick: number, index: number): void {
    const rng = this.rng;
    const E = part.E;
    const n = rng.poisson(synchrotronPhotonCount(E, ELECTRON_MASS, kick));
    if (n === 0) return;
    const L = el.fz1 - el.fz0;
    const rho = bendingRadius(E, el.By);
    const Ec = synchrotronCriticalEnergy(E, ELECTRON_MASS, rho);
    const theta0 = Math.atan(part.tx);
    const z0 = Math.max(el.fz0, part.z);
    const photon = this.photon;
    // Three uniforms per photon (energy, emission point, conversion depth), drawn at once.
    if (this.photonUniforms.length < 3 * n) this.photonUniforms = new Float64Array(3 * n);
    const u = this.photonUniforms;
    fillUniforms(rng, u, 3 * n);
    let lost = 0;
    for (let k = 0; k < n; k++) {
      const eg = synchrotronXOfUniform(u[3 * k]) * Ec;
      lost += eg;
      // Emission point on the arc (small-angle parabola) and tangent direction there.
      const f = u[3 * k + 1];
      const s = f * L;
      photon.E = eg;
      photon.x = part.x + part.tx * (z0 + s - part.z) + 0.5 * (kick / L) * s * s;
      photon.y = part.y + part.ty * (z0 + s - part.z);
      photon.z = z0 + s;
      photon.tx = Math.tan(theta0 + kick * f);
      photon.ty = part.ty;
      photon.conversionUniform = u[3 * k + 2];
      this.followPhoton(index, part.truth);
    }
    part.E = Math.max(E - lost, ELECTRON_MASS * 2);
  }

  /**
   * A low-energy photon (in `photon`, emitted behind element `from`): straight to the first
   * thick read-out element, local deposit there. The conversion depth is exponential with mean
   * 9/7 X0, by inversion of photon.conversionUniform u in [0, 1): t = -(9/7) ln(1 - u).
   */
  private followPhoton(from: number, parent: number): void {
    const { E, x: ex, y: ey, z: ez, tx, ty } = this.photon;
    for (const el of this.thick) {
      if (el.index <= from || el.z0 < ez) continue;
      const x0 = ex + tx * (el.z0 - ez);
      const y0 = ey + ty * (el.z0 - ez);
      if (!(x0 >= el.xMin && x0 <= el.xMax && y0 >= el.yMin && y0 <= el.yMax)) continue;
      const ro = el.readout as MsadcReadout;
      const t = -(9 / 7) * Math.log(1 - this.photon.conversionUniform);
      if (t >= el.X0) return;
      const dz = t * el.x0Mm;
      const x = x0 + tx * dz;
      const y = y0 + ty * dz;
      let section = 0;
      while (section < el.sections.length - 1 && el.sections[section].t1 <= t) section++;
      // Summed per cell; the sampling fluctuation (Gamma, variance a^2 E) is applied once per
      // cell at the end of the event (a sum of such Gammas is again one).
      this.depositLater(el.index, ro, x, y, section, E);
      if (el.kind === 'srd' && this.synchrotronTruth) {
        // Truth keeps the synchrotron photons that reach the SRD (emission point -> conversion).
        const n = Math.sqrt(1 + tx * tx + ty * ty);
        const row = this.truth.addRow(22, parent, 'synchrotron', ex, ey, ez, (E * tx) / n, (E * ty) / n, E / n, E);
        this.truth.setEnd(row, x, y, el.z0 + dz);
      }
      return;
    }
  }

  /** Places the pending A' or dimuon emission of the primary in its target element. */
  private rareProcess(part: Particle, el: ElementModel, index: number): void {
    const pend = this.pending!;
    this.pending = undefined;
    // The weight applies only when the primary reaches its target and the process happens.
    this.weight = pend.weight;
    const rng = this.rng;
    // Depth along the element: the target material's X0 are spread uniformly over the stack.
    const frac = el.targetX0 > 0 ? Math.min(pend.t / el.targetX0, 1) : 0;
    const zv = el.z0 + frac * (el.z1 - el.z0);
    const dz = zv - part.z;
    const vx = part.x + part.tx * dz;
    const vy = part.y + part.ty * dz;
    const norm = Math.sqrt(1 + part.tx * part.tx + part.ty * part.ty);
    const dir: [number, number, number] = [part.tx / norm, part.ty / norm, 1 / norm];
    const Eem = Math.min(pend.emitterEnergy, part.E);
    if (pend.kind === 'a-prime') {
      const ap = this.config.darkPhoton!;
      const m = ap.process.config.mass;
      const x = ap.process.sampleX(Eem, rng);
      const eA = Math.max(x * Eem, m * 1.000001);
      const pA = Math.sqrt(eA * eA - m * m);
      this.flags |= FLAG_APRIME;
      const aRow = this.truth.add(PDG_DARK_PHOTON, part.truth, 'a-prime', [vx, vy, zv], [pA * dir[0], pA * dir[1], pA * dir[2]], eA);
      const eRec = Math.max(Eem - eA, ELECTRON_MASS);
      const pRec = Math.sqrt(Math.max(eRec * eRec - ELECTRON_MASS * ELECTRON_MASS, 0));
      const rRow = this.truth.add(11, part.truth, 'a-prime', [vx, vy, zv], [pRec * dir[0], pRec * dir[1], pRec * dir[2]], eRec);
      this.truth.setEnd(rRow, vx, vy, zv);
      // Everything but the A' energy showers in the target (radiated before + recoil).
      this.emShowerIn(el, part, 0, Math.max(part.E - eA, 0));
      this.truth.setEnd(part.truth, vx, vy, zv);
      if (!ap.visible) {
        const zEnd = this.model.zEnd;
        this.truth.setEnd(aRow, vx + part.tx * (zEnd - zv), vy + part.ty * (zEnd - zv), zEnd);
        return;
      }
      // Visible mode: decay after an exponential flight path.
      const L = rng.exponential(darkPhotonDecayLength(m, ap.process.config.epsilon, eA));
      const dx = vx + dir[0] * L;
      const dy = vy + dir[1] * L;
      const dzv = zv + dir[2] * L;
      this.truth.setEnd(aRow, dx, dy, dzv);
      this.flags |= FLAG_VISIBLE;
      const four: FourMomentum = [pA * dir[0], pA * dir[1], pA * dir[2], eA];
      const [ep, em] = decayDarkPhotonToEE(four, rng);
      for (const [pdg, d] of [
        [-11, ep],
        [11, em],
      ] as const) {
        const row = this.truth.add(pdg, aRow, 'decay', [dx, dy, dzv], [d[0], d[1], d[2]], d[3]);
        const daughter: Particle = { pdg, E: d[3], x: dx, y: dy, z: dzv, tx: d[0] / d[2], ty: d[1] / d[2], truth: row };
        if (dzv < el.z1) {
          // Decayed inside the target: the pair showers there.
          this.emShowerIn(el, { pdg: daughter.pdg, E: daughter.E, x: daughter.x, y: daughter.y, z: daughter.z, tx: daughter.tx, ty: daughter.ty, truth: daughter.truth }, 0, d[3]);
          this.truth.setEnd(row, dx, dy, dzv);
        } else {
          this.transport(daughter, index + 1);
        }
      }
      return;
    }
    // Dimuon: a bremsstrahlung photon of energy k converts into mu+ mu- behind the emission point.
    const mm = this.config.dimuon!;
    const target = mm.process.target;
    const k = Math.min(mm.process.samplePhotonEnergy(Eem, rng), Eem);
    const gRow = this.truth.add(22, part.truth, 'brems', [vx, vy, zv], [k * dir[0], k * dir[1], k * dir[2]], k);
    this.emShowerIn(el, part, 0, Math.max(part.E - k, 0));
    this.truth.setEnd(part.truth, vx, vy, zv);
    const tConv = rng.exponential(9 / 7) * (el.z1 - el.z0) / Math.max(el.targetX0, 1e-9);
    const zc = zv + tConv * dir[2];
    const cx = vx + tConv * dir[0];
    const cy = vy + tConv * dir[1];
    this.truth.setEnd(gRow, cx, cy, zc);
    this.flags |= FLAG_DIMUON;
    const pair = sampleDimuonPair(k, target.Z, target.A, rng);
    for (const [pdg, mu] of [
      [-13, pair.muPlus],
      [13, pair.muMinus],
    ] as const) {
      // Rotate from the photon frame (along +z) by the photon's small slopes.
      const tx = mu[0] / mu[2] + part.tx;
      const ty = mu[1] / mu[2] + part.ty;
      const pz = Math.sqrt(mu[0] * mu[0] + mu[1] * mu[1] + mu[2] * mu[2]) / Math.sqrt(1 + tx * tx + ty * ty);
      const row = this.truth.add(pdg, gRow, 'conversion', [cx, cy, zc], [tx * pz, ty * pz, pz], mu[3]);
      this.transport({ pdg, E: mu[3], x: cx, y: cy, z: zc, tx, ty, truth: row }, index);
    }
  }
}
