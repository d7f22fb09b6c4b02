import { isListKind, type ColumnDef } from './column-types.ts';
import type { BatchOf, RowOf } from './rows.ts';
import { TABLES_V1, type TableName } from './v1.ts';

type Numeric = Int16Array | Int32Array | Float32Array | Float64Array;
type NumericCtor = Int16ArrayConstructor | Int32ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor;

/** A typed array that grows by doubling. */
class GrowableArray {
  data: Numeric;
  length = 0;
  constructor(
    private readonly ctor: NumericCtor,
    capacity: number,
  ) {
    this.data = new ctor(Math.max(capacity, 16));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  pushAll(values: ArrayLike<number>): void {
    const n = values.length;
    if (this.length + n > this.data.length) this.grow(this.length + n);
    if (ArrayBuffer.isView(values)) this.data.set(values as Numeric, this.length);
    else for (let i = 0; i < n; i++) this.data[this.length + i] = values[i];
    this.length += n;
  }

  private grow(min: number): void {
    const next = new this.ctor(Math.max(min, this.data.length * 2));
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }

  take(): Numeric {
    return this.data.slice(0, this.length);
  }
}

function scalarCtor(def: ColumnDef): NumericCtor {
  return def.kind === 'int32' ? Int32Array : def.kind === 'float32' ? Float32Array : Float64Array;
}

function listCtor(def: ColumnDef): NumericCtor {
  return def.kind === 'list<int16>' ? Int16Array : def.kind === 'list<int32>' ? Int32Array : Float32Array;
}

type ColumnBuffer =
  | { kind: 'scalar'; values: GrowableArray }
  | { kind: 'string'; values: string[] }
  | { kind: 'list'; offsets: GrowableArray; values: GrowableArray };

/**
 * Builds a column batch of a schema table row by row, into growing typed arrays (no Arrow
 * objects until `build()`). Used by the converter, the simulator and the reconstruction.
 */
export class BatchBuilder<T extends TableName> {
  private readonly columns = new Map<string, ColumnBuffer>();
  private rows = 0;

  constructor(
    readonly table: T,
    capacity = 1024,
  ) {
    this.reset(capacity);
  }

  private reset(capacity: number): void {
    this.rows = 0;
    for (const def of TABLES_V1[this.table].columns as readonly ColumnDef[]) {
      if (def.kind === 'utf8') this.columns.set(def.name, { kind: 'string', values: [] });
      else if (isListKind(def.kind)) {
        const offsets = new GrowableArray(Int32Array, capacity + 1);
        offsets.push(0);
        this.columns.set(def.name, { kind: 'list', offsets, values: new GrowableArray(listCtor(def), capacity * 4) });
      } else this.columns.set(def.name, { kind: 'scalar', values: new GrowableArray(scalarCtor(def), capacity) });
    }
  }

  get length(): number {
    return this.rows;
  }

  /** Appends one row; list values may be typed arrays or plain arrays. */
  add(row: { [K in keyof RowOf<T>]: RowOf<T>[K] extends number[] ? ArrayLike<number> : RowOf<T>[K] }): void {
    const r = row as Record<string, unknown>;
    for (const [name, col] of this.columns) {
      const v = r[name];
      if (col.kind === 'scalar') col.values.push(v as number);
      else if (col.kind === 'string') col.values.push(v as string);
      else {
        col.values.pushAll(v as ArrayLike<number>);
        col.offsets.push(col.values.length);
      }
    }
    this.rows++;
  }

  /** Returns the rows added so far as a batch and starts empty again. */
  build(): BatchOf<T> {
    const out: Record<string, unknown> = {};
    for (const [name, col] of this.columns) {
      if (col.kind === 'scalar') out[name] = col.values.take();
      else if (col.kind === 'string') out[name] = col.values;
      else out[name] = { offsets: col.offsets.take(), values: col.values.take() };
    }
    this.reset(Math.max(16, this.rows));
    return out as BatchOf<T>;
  }
}
