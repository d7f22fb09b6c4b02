import { openAsBlob } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import type { Table } from 'apache-arrow';
import { BatchBuilder, FormatError, ParquetReader, checkFileSchema, decodeParquet, type BatchOf } from '@na64/format';

/** The simulator writes the truth of `run.dat` next to it as `run.dat.truth.parquet`. */
export const truthSidecarPath = (rawFile: string): string => `${rawFile.replace(/\.gz$/, '')}.truth.parquet`;

export async function findTruthSidecar(rawFile: string): Promise<string | undefined> {
  const path = truthSidecarPath(rawFile);
  return access(path).then(
    () => path,
    () => undefined,
  );
}

type Key = readonly [number, number, number];

/**
 * Hands out the truth rows of each bundle of events, in key order. Truth of events that did not
 * survive decoding (corruption) is dropped with the event.
 */
export class TruthJoiner {
  private row = 0;
  private readonly run: Int32Array;
  private readonly spill: Int32Array;
  private readonly event: Int32Array;
  private readonly columns: { name: string; get(i: number): unknown }[];

  private constructor(private readonly table: Table) {
    this.run = table.getChild('run')!.toArray() as Int32Array;
    this.spill = table.getChild('spill')!.toArray() as Int32Array;
    this.event = table.getChild('event')!.toArray() as Int32Array;
    this.columns = table.schema.fields.map((f) => {
      const v = table.getChild(f.name)!;
      return { name: f.name, get: (i: number) => v.get(i) };
    });
  }

  static async open(path: string): Promise<TruthJoiner> {
    const reader = await ParquetReader.fromBlob(await openAsBlob(path), path).catch((e: Error) => {
      throw new FormatError(`not a readable truth sidecar (${e.message.split('\n')[0]})`, { file: path });
    });
    checkFileSchema(reader.info().keyValue, path, 'truth');
    reader.close();
    return new TruthJoiner(decodeParquet(await readFile(path), path));
  }

  get rows(): number {
    return this.table.numRows;
  }

  private compare(i: number, k: Key): number {
    return this.run[i] - k[0] || this.spill[i] - k[1] || this.event[i] - k[2];
  }

  /** Truth rows of the given events (sorted keys); also returns the event weight per event (1 without truth). */
  take(events: BatchOf<'events'>): { truth: BatchOf<'truth'>; weights: Float64Array } {
    const out = new BatchBuilder('truth');
    const weights = new Float64Array(events.run.length).fill(1);
    const weightCol = this.table.getChild('weight');
    for (let e = 0; e < events.run.length; e++) {
      const key: Key = [events.run[e], events.spill[e], events.event[e]];
      while (this.row < this.run.length && this.compare(this.row, key) < 0) this.row++;
      let first = true;
      while (this.row < this.run.length && this.compare(this.row, key) === 0) {
        const r: Record<string, unknown> = {};
        for (const c of this.columns) r[c.name] = c.get(this.row);
        if (first && weightCol) weights[e] = weightCol.get(this.row) as number;
        first = false;
        out.add(r as never);
        this.row++;
      }
    }
    return { truth: out.build(), weights };
  }
}
