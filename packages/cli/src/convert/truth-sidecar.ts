import { openAsBlob } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import type { Table } from 'apache-arrow';
import { FormatError, ParquetReader, TABLES_V1, checkFileSchema, decodeParquet, truthSidecarPath, type BatchOf } from '@na64/format';


export async function findTruthSidecar(rawFile: string): Promise<string | undefined> {
  const path = truthSidecarPath(rawFile);
  return access(path).then(
    () => path,
    () => undefined,
  );
}

type Key = readonly [number, number, number];
type NumericColumn = Int32Array | Float32Array | Float64Array;

const ARRAY_OF_KIND: Record<string, { new (n: number): NumericColumn; from(values: ArrayLike<number>): NumericColumn }> = {
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
};

/**
 * Hands out the truth rows of each bundle of events, in key order. Truth of events that did not
 * survive decoding (corruption) is dropped with the event. Columns are copied range by range:
 * the rows of one event are contiguous in the sidecar.
 */
export class TruthJoiner {
  private row = 0;
  private readonly run: Int32Array;
  private readonly spill: Int32Array;
  private readonly event: Int32Array;
  private readonly weight: Float64Array;
  private readonly numeric = new Map<string, NumericColumn>();
  private readonly text = new Map<string, string[]>();

  private constructor(
    private readonly table: Table,
    file: string,
  ) {
    for (const def of TABLES_V1.truth.columns) {
      const vector = table.getChild(def.name);
      if (!vector) throw new FormatError(`truth sidecar has no column "${def.name}"`, { file });
      if (def.kind === 'utf8') this.text.set(def.name, Array.from(vector, String));
      else {
        const type = ARRAY_OF_KIND[def.kind];
        const values = vector.toArray() as ArrayLike<number>;
        this.numeric.set(def.name, values instanceof type ? (values as NumericColumn) : type.from(values));
      }
    }
    this.run = this.numeric.get('run') as Int32Array;
    this.spill = this.numeric.get('spill') as Int32Array;
    this.event = this.numeric.get('event') as Int32Array;
    this.weight = this.numeric.get('weight') as Float64Array;
  }

  static async open(path: string): Promise<TruthJoiner> {
    const reader = await ParquetReader.fromBlob(await openAsBlob(path), path).catch((e: Error) => {
      throw new FormatError(`not a readable truth sidecar (${e.message.split('\n')[0]})`, { file: path });
    });
    checkFileSchema(reader.info().keyValue, path, 'truth');
    reader.close();
    return new TruthJoiner(decodeParquet(await readFile(path), path), path);
  }

  get rows(): number {
    return this.table.numRows;
  }

  private compare(i: number, k: Key): number {
    return this.run[i] - k[0] || this.spill[i] - k[1] || this.event[i] - k[2];
  }

  /** Truth rows of the given events (sorted keys); also returns the event weight per event (1 without truth). */
  take(events: BatchOf<'events'>): { truth: BatchOf<'truth'>; weights: Float64Array } {
    const weights = new Float64Array(events.run.length).fill(1);
    // [start, end) row ranges of the sidecar to copy, adjacent ranges merged.
    const ranges: number[] = [];
    let rows = 0;
    for (let e = 0; e < events.run.length; e++) {
      const key: Key = [events.run[e], events.spill[e], events.event[e]];
      while (this.row < this.run.length && this.compare(this.row, key) < 0) this.row++;
      const first = this.row;
      while (this.row < this.run.length && this.compare(this.row, key) === 0) this.row++;
      if (this.row === first) continue;
      weights[e] = this.weight[first];
      rows += this.row - first;
      if (ranges.length > 0 && ranges[ranges.length - 1] === first) ranges[ranges.length - 1] = this.row;
      else ranges.push(first, this.row);
    }
    const out: Record<string, unknown> = {};
    for (const [name, values] of this.numeric) {
      const column = new (values.constructor as new (n: number) => NumericColumn)(rows);
      for (let r = 0, at = 0; r < ranges.length; r += 2) {
        column.set(values.subarray(ranges[r], ranges[r + 1]), at);
        at += ranges[r + 1] - ranges[r];
      }
      out[name] = column;
    }
    for (const [name, values] of this.text) {
      const column: string[] = [];
      for (let r = 0; r < ranges.length; r += 2) for (let i = ranges[r]; i < ranges[r + 1]; i++) column.push(values[i]);
      out[name] = column;
    }
    return { truth: out as BatchOf<'truth'>, weights };
  }
}
