import { isListKind, type ColumnDef, type ColumnKind } from './column-types.ts';
import type { BatchOf, RowOf } from './rows.ts';
import { TABLES_V1, type TableName } from './v1.ts';

type Numeric = Int16Array | Int32Array | Float32Array | Float64Array;

/** A typed array that grows by doubling. */
export class GrowableArray<A extends Numeric = Numeric> {
  data: A;
  length = 0;
  constructor(
    private readonly make: (n: number) => A,
    capacity = 1024,
  ) {
    this.data = make(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  pushAll(values: ArrayLike<number>): void {
    const n = values.length;
    if (this.length + n > this.data.length) this.grow(this.length + n);
    this.data.set(values as never, this.length);
    this.length += n;
  }

  /** Appends `values[start..end)`; short ranges are copied element by element (cheaper than a view). */
  pushRange(values: ArrayLike<number>, start: number, end: number): void {
    const n = end - start;
    if (this.length + n > this.data.length) this.grow(this.length + n);
    const data = this.data;
    if (n <= 64) {
      let at = this.length;
      for (let i = start; i < end; i++) data[at++] = values[i];
    } else data.set((values as A).subarray(start, end) as never, this.length);
    this.length += n;
  }

  private grow(min: number): void {
    const next = this.make(Math.max(min, this.data.length * 2));
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }

  /** The values as a typed array of exactly `length` (a copy), and an empty buffer again. */
  take(): A {
    const out = this.data.slice(0, this.length) as A;
    this.length = 0;
    return out;
  }
}

function makerFor(kind: ColumnKind): (n: number) => Numeric {
  switch (kind) {
    case 'int32':
    case 'list<int32>':
      return (n) => new Int32Array(n);
    case 'float32':
    case 'list<float32>':
      return (n) => new Float32Array(n);
    case 'list<int16>':
      return (n) => new Int16Array(n);
    default:
      return (n) => new Float64Array(n);
  }
}

/** The values a row holds; list cells may be typed arrays or plain arrays. */
export type RowInput<T extends TableName> = { [K in keyof RowOf<T>]: RowOf<T>[K] extends number[] ? ArrayLike<number> : RowOf<T>[K] };

/**
 * Builds a column batch of a schema table row by row into growing typed arrays; `build()` hands
 * them out and starts empty again. Used by the converter, the simulator and the reconstruction.
 * Hot loops can also push into `numbers(name)` / `strings(name)` / `list(name)` directly and call
 * `endRow()`.
 */
export class BatchBuilder<T extends TableName> {
  private readonly defs: readonly ColumnDef[];
  private readonly numeric: (GrowableArray | undefined)[];
  private readonly text: (string[] | undefined)[];
  private readonly offsets: (GrowableArray<Int32Array> | undefined)[];
  private readonly index = new Map<string, number>();
  /** The list columns: their offsets and flat values (endRow touches only these). */
  private readonly listOffsets: GrowableArray<Int32Array>[] = [];
  private readonly listValues: GrowableArray[] = [];
  private rows = 0;

  constructor(readonly table: T) {
    this.defs = TABLES_V1[table].columns;
    this.defs.forEach((d, i) => this.index.set(d.name, i));
    this.numeric = this.defs.map((d) => (d.kind === 'utf8' ? undefined : new GrowableArray(makerFor(d.kind))));
    this.text = this.defs.map((d) => (d.kind === 'utf8' ? [] : undefined));
    this.offsets = this.defs.map((d) => (isListKind(d.kind) ? new GrowableArray((n) => new Int32Array(n)) : undefined));
    for (const o of this.offsets) o?.push(0);
    this.offsets.forEach((o, c) => {
      if (!o) return;
      this.listOffsets.push(o);
      this.listValues.push(this.numeric[c]!);
    });
  }

  get length(): number {
    return this.rows;
  }

  private column(name: string): number {
    const c = this.index.get(name);
    if (c === undefined) throw new Error(`table ${this.table} has no column "${name}"`);
    return c;
  }

  /** Direct access to a scalar numeric column (push one value per row, then `endRow()`). */
  numbers(name: string): GrowableArray {
    return this.numeric[this.column(name)]!;
  }

  strings(name: string): string[] {
    return this.text[this.column(name)]!;
  }

  /** Direct access to the flat values of a list column; `endRow()` records where each row ends. */
  list(name: string): GrowableArray {
    return this.numeric[this.column(name)]!;
  }

  /** Closes a row filled through the direct column accessors. */
  endRow(): void {
    const offsets = this.listOffsets;
    for (let k = 0; k < offsets.length; k++) offsets[k].push(this.listValues[k].length);
    this.rows++;
  }

  /** Appends one row. */
  add(row: RowInput<T>): void {
    const r = row as Record<string, unknown>;
    for (let c = 0; c < this.defs.length; c++) {
      const v = r[this.defs[c].name];
      const t = this.text[c];
      if (t) t.push(v as string);
      else if (this.offsets[c]) this.numeric[c]!.pushAll(v as ArrayLike<number>);
      else this.numeric[c]!.push(v as number);
    }
    this.endRow();
  }

  /** Returns the rows added so far as a batch and starts empty again. */
  build(): BatchOf<T> {
    const out: Record<string, unknown> = {};
    this.defs.forEach((d, c) => {
      const o = this.offsets[c];
      const text = this.text[c];
      if (text) {
        // Same array object stays in place: callers may hold it from strings().
        out[d.name] = text.slice();
        text.length = 0;
      } else if (o) {
        out[d.name] = { offsets: o.take(), values: this.numeric[c]!.take() };
        o.push(0);
      } else out[d.name] = this.numeric[c]!.take();
    });
    this.rows = 0;
    return out as BatchOf<T>;
  }
}
