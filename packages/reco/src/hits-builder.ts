/**
 * Growable column storage for hits and tracks (typed arrays, no per-row objects). Hit columns
 * hold their defaults (-1, NaN, cluster size 1) from allocation on, so a row sets only what it
 * has; the detector names are filled from the element index once, in toBatch.
 */
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
  /** Detector (family) name of each setup element, by element index. */
  private readonly detectorOfElement: readonly string[];
  run: Int32Array;
  spill: Int32Array;
  event: Int32Array;
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

  constructor(detectorOfElement: readonly string[], capacity = 1024) {
    this.detectorOfElement = detectorOfElement;
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
    this.fillDefaults(0, capacity);
  }

  private fillDefaults(from: number, to: number): void {
    this.ix.fill(-1, from, to);
    this.iy.fill(-1, from, to);
    this.layer.fill(-1, from, to);
    this.plane.fill(-1, from, to);
    this.strip.fill(NaN, from, to);
    this.clusterSize.fill(1, from, to);
    this.time.fill(NaN, from, to);
    this.x.fill(NaN, from, to);
    this.y.fill(NaN, from, to);
    this.z.fill(NaN, from, to);
    this.mirror.fill(-1, from, to);
  }

  /** Makes room for n more rows (rows up to length + n may then be written directly). */
  reserve(n: number): void {
    while (this.length + n > this.cap) this.grow();
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
    this.fillDefaults(this.cap, n);
    this.cap = n;
  }

  /** Appends a row with the key and element set and the rest defaulted; returns its index. */
  add(run: number, spill: number, event: number, element: number): number {
    if (this.length === this.cap) this.grow();
    const i = this.length++;
    this.run[i] = run;
    this.spill[i] = spill;
    this.event[i] = event;
    this.element[i] = element;
    return i;
  }

  /** The hits as a batch (views on the builder's arrays: use the builder no more afterwards). */
  toBatch(): BatchOf<'hits'> {
    const n = this.length;
    const truth = new Int32Array(n).fill(-1);
    // Sized up front: pushing 10^5 strings one by one costs several times more (regrowth).
    const detector = new Array<string>(n);
    const names = this.detectorOfElement;
    const element = this.element;
    for (let i = 0; i < n; i++) detector[i] = names[element[i]];
    return {
      run: this.run.subarray(0, n),
      spill: this.spill.subarray(0, n),
      event: this.event.subarray(0, n),
      detector,
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
