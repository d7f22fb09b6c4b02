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
  /**
   * Crossings of strip / tube planes: the first `crossingCount` entries (the records are reused
   * from event to event; entries beyond the count are stale).
   */
  crossings: PlaneCrossing[];
  crossingCount: number;
}

export class EventSignals {
  readonly elements: ElementSignals[];
  private readonly touched: number[] = [];
  private readonly flag: Uint8Array;

  constructor(model: SimSetup) {
    this.flag = new Uint8Array(model.elements.length);
    this.elements = model.elements.map((e) => {
      const r = e.readout;
      return { cells: r?.kind === 'msadc' ? new Float64Array(r.source.length) : undefined, crossings: [], crossingCount: 0 };
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

  addCrossing(element: number, plane: number, u: number, energy: number, time: number): void {
    this.touch(element);
    const s = this.elements[element];
    const c = s.crossings[s.crossingCount++];
    if (!c) s.crossings.push({ plane, u, energy, time });
    else {
      c.plane = plane;
      c.u = u;
      c.energy = energy;
      c.time = time;
    }
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
      s.crossingCount = 0;
      this.flag[i] = 0;
    }
    this.touched.length = 0;
  }
}

/** PDG code used for A' / X17 (as DMG4). */
export const PDG_DARK_PHOTON = 9900022;

/** Truth particles of one event, columnar (schema v1 truth table without the event key). */
export class TruthList {
  /** Rows in use; the column arrays may be longer (capacity), only [0, length) is valid. */
  length = 0;
  private cap = 64;
  pdg = new Int32Array(64);
  parent = new Int32Array(64);
  process: string[] = [];
  vx = new Float64Array(64);
  vy = new Float64Array(64);
  vz = new Float64Array(64);
  px = new Float64Array(64);
  py = new Float64Array(64);
  pz = new Float64Array(64);
  e = new Float64Array(64);
  endX = new Float64Array(64);
  endY = new Float64Array(64);
  endZ = new Float64Array(64);

  private grow(): void {
    const cap = 2 * this.cap;
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.pdg = i32(this.pdg);
    this.parent = i32(this.parent);
    this.vx = f64(this.vx);
    this.vy = f64(this.vy);
    this.vz = f64(this.vz);
    this.px = f64(this.px);
    this.py = f64(this.py);
    this.pz = f64(this.pz);
    this.e = f64(this.e);
    this.endX = f64(this.endX);
    this.endY = f64(this.endY);
    this.endZ = f64(this.endZ);
    this.cap = cap;
  }

  /** Adds a particle; the end point starts at the vertex. Returns its row index. */
  add(pdg: number, parent: number, process: string, v: [number, number, number], p: [number, number, number], e: number): number {
    return this.addRow(pdg, parent, process, v[0], v[1], v[2], p[0], p[1], p[2], e);
  }

  /** `add` with the vertex and momentum as separate numbers (no arrays). */
  addRow(pdg: number, parent: number, process: string, vx: number, vy: number, vz: number, px: number, py: number, pz: number, e: number): number {
    const i = this.length;
    if (i === this.cap) this.grow();
    this.pdg[i] = pdg;
    this.parent[i] = parent;
    this.process[i] = process;
    this.vx[i] = vx;
    this.vy[i] = vy;
    this.vz[i] = vz;
    this.px[i] = px;
    this.py[i] = py;
    this.pz[i] = pz;
    this.e[i] = e;
    this.endX[i] = vx;
    this.endY[i] = vy;
    this.endZ[i] = vz;
    this.length = i + 1;
    return i;
  }

  setEnd(row: number, x: number, y: number, z: number): void {
    this.endX[row] = x;
    this.endY[row] = y;
    this.endZ[row] = z;
  }

  clear(): void {
    this.length = 0;
  }
}
