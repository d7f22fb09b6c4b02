/**
 * Truth rows of a block of events, columnar, in the schema v1 `truth` layout (rows appended in
 * event order, so they are sorted by (run, spill, event)).
 */
import type { BatchOf } from '@na64/format';
import type { TruthList } from './signals.ts';

const INT_COLS = ['run', 'spill', 'event', 'pdg', 'parent'] as const;
const F32_COLS = ['vx', 'vy', 'vz', 'px', 'py', 'pz', 'e', 'end_x', 'end_y', 'end_z'] as const;

/**
 * Plain-data form for transfer between threads: typed arrays only (transferable without
 * copying), the process of each row as an index into `processNames`.
 */
export interface TruthData {
  length: number;
  int: Int32Array[];
  f32: Float32Array[];
  weight: Float64Array;
  process: Uint8Array;
  processNames: string[];
}

export class TruthColumns {
  private rows = 0;
  private cap = 0;

  get length(): number {
    return this.rows;
  }

  private int: Int32Array[] = INT_COLS.map(() => new Int32Array(0));
  private f32: Float32Array[] = F32_COLS.map(() => new Float32Array(0));
  private weight = new Float64Array(0);
  /** Process per row as an index into `names`. */
  private process = new Uint8Array(0);
  private readonly names: string[] = [];
  private readonly codes = new Map<string, number>();
  private lastName = '';
  private lastCode = -1;

  constructor(capacity = 0) {
    if (capacity > 0) this.grow(capacity);
  }

  /**
   * Empty columns over the whole buffers behind `d` (as `toData` gave them and a writer handed
   * back), so their memory is reused instead of fresh memory being touched.
   */
  static reusing(d: TruthData): TruthColumns {
    const t = new TruthColumns();
    t.int = d.int.map((a) => new Int32Array(a.buffer as ArrayBuffer, 0, a.buffer.byteLength / 4));
    t.f32 = d.f32.map((a) => new Float32Array(a.buffer as ArrayBuffer, 0, a.buffer.byteLength / 4));
    t.weight = new Float64Array(d.weight.buffer as ArrayBuffer, 0, d.weight.buffer.byteLength / 8);
    t.process = new Uint8Array(d.process.buffer as ArrayBuffer);
    t.cap = Math.min(t.weight.length, t.process.length, ...t.int.map((a) => a.length), ...t.f32.map((a) => a.length));
    return t;
  }

  private codeOf(name: string): number {
    if (name === this.lastName) return this.lastCode;
    let c = this.codes.get(name);
    if (c === undefined) {
      c = this.names.length;
      if (c > 255) throw new RangeError('too many truth process names');
      this.names.push(name);
      this.codes.set(name, c);
    }
    this.lastName = name;
    this.lastCode = c;
    return c;
  }

  private processStrings(n: number): string[] {
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = this.names[this.process[i]];
    return out;
  }

  private grow(n: number): void {
    if (this.rows + n <= this.cap) return;
    const cap = Math.max(1024, this.cap * 2, this.rows + n);
    this.int = this.int.map((a) => {
      const b = new Int32Array(cap);
      b.set(a.subarray(0, this.rows));
      return b;
    });
    this.f32 = this.f32.map((a) => {
      const b = new Float32Array(cap);
      b.set(a.subarray(0, this.rows));
      return b;
    });
    const w = new Float64Array(cap);
    w.set(this.weight.subarray(0, this.rows));
    this.weight = w;
    const p = new Uint8Array(cap);
    p.set(this.process.subarray(0, this.rows));
    this.process = p;
    this.cap = cap;
  }

  /** Appends one event's particles; `weight` is repeated on each row. */
  append(run: number, spill: number, event: number, t: TruthList, weight: number): void {
    const n = t.length;
    this.grow(n);
    const at = this.rows;
    const end = at + n;
    const [cRun, cSpill, cEvent, cPdg, cParent] = this.int;
    const [fvx, fvy, fvz, fpx, fpy, fpz, fe, fex, fey, fez] = this.f32;
    const w = this.weight;
    const proc = this.process;
    for (let i = 0, j = at; i < n; i++, j++) {
      cRun[j] = run;
      cSpill[j] = spill;
      cEvent[j] = event;
      cPdg[j] = t.pdg[i];
      cParent[j] = t.parent[i];
      fvx[j] = t.vx[i];
      fvy[j] = t.vy[i];
      fvz[j] = t.vz[i];
      fpx[j] = t.px[i];
      fpy[j] = t.py[i];
      fpz[j] = t.pz[i];
      fe[j] = t.e[i];
      fex[j] = t.endX[i];
      fey[j] = t.endY[i];
      fez[j] = t.endZ[i];
      w[j] = weight;
      proc[j] = this.codeOf(t.process[i]);
    }
    this.rows = end;
  }

  /** Removes every row, keeping the allocated columns. */
  clear(): void {
    this.rows = 0;
  }

  /** The rows as views of the columns (no copy; the columns must not be appended to afterwards). */
  toData(): TruthData {
    const n = this.rows;
    return {
      length: n,
      int: this.int.map((a) => a.subarray(0, n)),
      f32: this.f32.map((a) => a.subarray(0, n)),
      weight: this.weight.subarray(0, n),
      process: this.process.subarray(0, n),
      processNames: this.names.slice(),
    };
  }

  toBatch(): BatchOf<'truth'> {
    const n = this.rows;
    const out: Record<string, unknown> = {};
    // Views, not copies: the batch is encoded before the columns change.
    INT_COLS.forEach((name, c) => (out[name] = this.int[c].subarray(0, n)));
    F32_COLS.forEach((name, c) => (out[name] = this.f32[c].subarray(0, n)));
    out.weight = this.weight.subarray(0, n);
    out.process = this.processStrings(n);
    return out as BatchOf<'truth'>;
  }
}
