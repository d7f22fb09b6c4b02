/** Growable column storage for hits and tracks (typed arrays, no per-row objects). */
import type { BatchOf } from '@na64/format';

function growI32(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
function growF32(a: Float32Array, n: number): Float32Array {
  const b = new Float32Array(n);
  b.set(a);
  return b;
}

export class HitsBuilder {
  length = 0;
  private cap: number;
  run: Int32Array;
  spill: Int32Array;
  event: Int32Array;
  detector: string[] = [];
  ix: Int32Array;
  iy: Int32Array;
  layer: Int32Array;
  plane: Int32Array;
  strip: Float32Array;
  clusterSize: Int32Array;
  energy: Float32Array;
  charge: Float32Array;
  time: Float32Array;
  x: Float32Array;
  y: Float32Array;
  z: Float32Array;
  /** Setup element index of each hit (internal, not a schema column). */
  element: Int32Array;
  /** Straws: row of the mirror hit of the same tube, -1 otherwise (internal). */
  mirror: Int32Array;

  constructor(capacity = 1024) {
    this.cap = capacity;
    this.run = new Int32Array(capacity);
    this.spill = new Int32Array(capacity);
    this.event = new Int32Array(capacity);
    this.ix = new Int32Array(capacity);
    this.iy = new Int32Array(capacity);
    this.layer = new Int32Array(capacity);
    this.plane = new Int32Array(capacity);
    this.strip = new Float32Array(capacity);
    this.clusterSize = new Int32Array(capacity);
    this.energy = new Float32Array(capacity);
    this.charge = new Float32Array(capacity);
    this.time = new Float32Array(capacity);
    this.x = new Float32Array(capacity);
    this.y = new Float32Array(capacity);
    this.z = new Float32Array(capacity);
    this.element = new Int32Array(capacity);
    this.mirror = new Int32Array(capacity);
  }

  private grow(): void {
    const n = this.cap * 2;
    this.run = growI32(this.run, n);
    this.spill = growI32(this.spill, n);
    this.event = growI32(this.event, n);
    this.ix = growI32(this.ix, n);
    this.iy = growI32(this.iy, n);
    this.layer = growI32(this.layer, n);
    this.plane = growI32(this.plane, n);
    this.strip = growF32(this.strip, n);
    this.clusterSize = growI32(this.clusterSize, n);
    this.energy = growF32(this.energy, n);
    this.charge = growF32(this.charge, n);
    this.time = growF32(this.time, n);
    this.x = growF32(this.x, n);
    this.y = growF32(this.y, n);
    this.z = growF32(this.z, n);
    this.element = growI32(this.element, n);
    this.mirror = growI32(this.mirror, n);
    this.cap = n;
  }

  /** Appends a row with the key and element set and the rest defaulted; returns its index. */
  add(run: number, spill: number, event: number, element: number, detector: string): number {
    if (this.length === this.cap) this.grow();
    const i = this.length++;
    this.run[i] = run;
    this.spill[i] = spill;
    this.event[i] = event;
    this.detector.push(detector);
    this.element[i] = element;
    this.ix[i] = -1;
    this.iy[i] = -1;
    this.layer[i] = -1;
    this.plane[i] = -1;
    this.strip[i] = NaN;
    this.clusterSize[i] = 1;
    this.energy[i] = 0;
    this.charge[i] = 0;
    this.time[i] = NaN;
    this.x[i] = NaN;
    this.y[i] = NaN;
    this.z[i] = NaN;
    this.mirror[i] = -1;
    return i;
  }

  /** Appends a calorimeter or counter cell hit in one go (the hot path); returns its index. */
  addCell(run: number, spill: number, event: number, element: number, detector: string, ix: number, iy: number, layer: number, energy: number, time: number, charge: number, x: number, y: number, z: number): number {
    const i = this.add(run, spill, event, element, detector);
    this.ix[i] = ix;
    this.iy[i] = iy;
    this.layer[i] = layer;
    this.energy[i] = energy;
    this.charge[i] = charge;
    this.time[i] = time;
    this.x[i] = x;
    this.y[i] = y;
    this.z[i] = z;
    return i;
  }

  /** The hits as a batch (views on the builder's arrays: use the builder no more afterwards). */
  toBatch(): BatchOf<'hits'> {
    const n = this.length;
    const truth = new Int32Array(n).fill(-1);
    return {
      run: this.run.subarray(0, n),
      spill: this.spill.subarray(0, n),
      event: this.event.subarray(0, n),
      detector: this.detector.slice(0, n),
      ix: this.ix.subarray(0, n),
      iy: this.iy.subarray(0, n),
      layer: this.layer.subarray(0, n),
      plane: this.plane.subarray(0, n),
      strip: this.strip.subarray(0, n),
      cluster_size: this.clusterSize.subarray(0, n),
      energy: this.energy.subarray(0, n),
      charge: this.charge.subarray(0, n),
      time: this.time.subarray(0, n),
      x: this.x.subarray(0, n),
      y: this.y.subarray(0, n),
      z: this.z.subarray(0, n),
      truth,
    };
  }
}

export class TracksBuilder {
  length = 0;
  run: number[] = [];
  spill: number[] = [];
  event: number[] = [];
  station: number[] = [];
  charge: number[] = [];
  momentum: number[] = [];
  x: number[] = [];
  y: number[] = [];
  z: number[] = [];
  tx: number[] = [];
  ty: number[] = [];
  chi2: number[] = [];
  ndf: number[] = [];
  hitOffsets: number[] = [0];
  hitValues: number[] = [];

  toBatch(): BatchOf<'tracks'> {
    return {
      run: Int32Array.from(this.run),
      spill: Int32Array.from(this.spill),
      event: Int32Array.from(this.event),
      station: Int32Array.from(this.station),
      charge: Int32Array.from(this.charge),
      momentum: Float32Array.from(this.momentum),
      x: Float32Array.from(this.x),
      y: Float32Array.from(this.y),
      z: Float32Array.from(this.z),
      tx: Float32Array.from(this.tx),
      ty: Float32Array.from(this.ty),
      chi2: Float32Array.from(this.chi2),
      ndf: Int32Array.from(this.ndf),
      hits: { offsets: Int32Array.from(this.hitOffsets), values: Int32Array.from(this.hitValues) },
    };
  }
}
