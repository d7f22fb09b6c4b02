/**
 * What transport leaves in the detectors for one event (the digitizers' input), and the truth
 * particle list. Buffers are allocated once per run and reset per event.
 */
import type { SimSetup } from './setup-model.ts';

/** A charged particle crossing one strip or tube plane. */
export interface PlaneCrossing {
  plane: number;
  /** Measured coordinate u = x cos(a) + y sin(a) at the plane, mm. */
  u: number;
  /** Energy deposited in the gas, GeV. */
  energy: number;
  /** Time relative to a particle moving at c along z from z = 0 (ns). */
  time: number;
}

/** Signals of one read-out element. */
export interface ElementSignals {
  /** Calibrated (electron-scale) energy per readout index (cellId * pmtsPerCell + pmt), GeV. */
  cells: Float64Array | undefined;
  /** Crossings of strip / tube planes. */
  crossings: PlaneCrossing[];
}

export class EventSignals {
  readonly elements: ElementSignals[];
  private readonly touched: number[] = [];
  private readonly flag: Uint8Array;

  constructor(model: SimSetup) {
    this.flag = new Uint8Array(model.elements.length);
    this.elements = model.elements.map((e) => {
      const r = e.readout;
      return { cells: r?.kind === 'msadc' ? new Float64Array(r.source.length) : undefined, crossings: [] };
    });
  }

  /** Adds calibrated energy to a cell's PMTs (each PMT sees the whole cell energy). */
  addCell(element: number, cellIndex: number, pmts: number, energy: number): void {
    const cells = this.elements[element].cells;
    if (!cells || !(energy > 0)) return;
    this.touch(element);
    const base = cellIndex * pmts;
    for (let p = 0; p < pmts; p++) cells[base + p] += energy;
  }

  addCrossing(element: number, crossing: PlaneCrossing): void {
    this.touch(element);
    this.elements[element].crossings.push(crossing);
  }

  private touch(element: number): void {
    if (this.flag[element]) return;
    this.flag[element] = 1;
    this.touched.push(element);
  }

  /** Sum of the calibrated cell energies of an element (before digitization). */
  elementEnergy(element: number, pmts = 1): number {
    const cells = this.elements[element].cells;
    if (!cells) return 0;
    let s = 0;
    for (let i = 0; i < cells.length; i += pmts) s += cells[i];
    return s;
  }

  reset(): void {
    for (const i of this.touched) {
      const s = this.elements[i];
      s.cells?.fill(0);
      s.crossings.length = 0;
      this.flag[i] = 0;
    }
    this.touched.length = 0;
  }
}

/** PDG code used for A' / X17 (as DMG4). */
export const PDG_DARK_PHOTON = 9900022;

/** Truth particles of one event, columnar (schema v1 truth table without the event key). */
export class TruthList {
  pdg: number[] = [];
  parent: number[] = [];
  process: string[] = [];
  vx: number[] = [];
  vy: number[] = [];
  vz: number[] = [];
  px: number[] = [];
  py: number[] = [];
  pz: number[] = [];
  e: number[] = [];
  endX: number[] = [];
  endY: number[] = [];
  endZ: number[] = [];

  get length(): number {
    return this.pdg.length;
  }

  /** Adds a particle; the end point starts at the vertex. Returns its row index. */
  add(pdg: number, parent: number, process: string, v: [number, number, number], p: [number, number, number], e: number): number {
    this.pdg.push(pdg);
    this.parent.push(parent);
    this.process.push(process);
    this.vx.push(v[0]);
    this.vy.push(v[1]);
    this.vz.push(v[2]);
    this.px.push(p[0]);
    this.py.push(p[1]);
    this.pz.push(p[2]);
    this.e.push(e);
    this.endX.push(v[0]);
    this.endY.push(v[1]);
    this.endZ.push(v[2]);
    return this.pdg.length - 1;
  }

  setEnd(row: number, x: number, y: number, z: number): void {
    this.endX[row] = x;
    this.endY[row] = y;
    this.endZ[row] = z;
  }

  clear(): void {
    for (const k of ['pdg', 'parent', 'process', 'vx', 'vy', 'vz', 'px', 'py', 'pz', 'e', 'endX', 'endY', 'endZ'] as const) {
      this[k].length = 0;
    }
  }
}
