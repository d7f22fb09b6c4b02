import * as wasm from 'parquet-wasm';
import type { Table } from 'apache-arrow';
import { FormatError } from '../errors.ts';
import { emptyArrowTable } from '../schema/arrow.ts';
import type { TableName } from '../schema/v1.ts';
import { encodeParquet, initParquetEngine, ipcStreamBytes, writerProperties, type WriteProfile } from './engine.ts';

import type { RawSink } from '../raw/writer.ts';

/** Receives the bytes of a file in order; a returned promise holds the writer back until it settles. */
export type ByteSink = RawSink;

export interface ParquetStreamOptions {
  profile?: WriteProfile;
  /** Rows per row group (default 131 072). */
  rowGroupRows?: number;
  /** Named in errors. */
  file?: string;
}

const DEFAULT_ROW_GROUP_ROWS = 1 << 17;

/**
 * Writes one Parquet file from Arrow tables handed in one after another, encoding each as it
 * comes (row groups of `rowGroupRows` rows), so a table produced over time is never held whole
 * and the encoder works in memory it has already touched. The bytes reach `sink` in file order
 * as row groups complete; the file is whole once `close()` has resolved. Built on parquet-wasm's
 * `transformParquetStream` (record batches in, Parquet bytes out).
 */
export class ParquetStreamWriter {
  private readonly queue: wasm.RecordBatch[] = [];
  private wakeEncoder?: () => void;
  private taken?: { resolve: () => void; reject: (e: unknown) => void };
  private finished?: Promise<void>;
  private ended = false;
  private aborted = false;
  private failure: unknown;
  /** Rows handed to the encoder so far. */
  rows = 0;

  constructor(
    private readonly table: TableName,
    private readonly keyValue: Map<string, string>,
    private readonly sink: ByteSink,
    private readonly options: ParquetStreamOptions = {},
  ) {}

  /** Hands the rows of `data` (the schema of `table`) to the encoder; resolves once it has taken them. */
  async write(data: Table): Promise<void> {
    this.throwIfFailed();
    if (this.ended) throw new FormatError('Parquet stream already closed', { file: this.options.file });
    if (data.numRows === 0) return;
    await initParquetEngine();
    const wasmTable = wasm.Table.fromIPCStream(ipcStreamBytes(data));
    try {
      this.queue.push(...wasmTable.recordBatches());
    } finally {
      wasmTable.free();
    }
    this.rows += data.numRows;
    const taken = new Promise<void>((resolve, reject) => (this.taken = { resolve, reject }));
    this.finished ??= this.run();
    this.wakeEncoder?.();
    await taken;
  }

  /** Finishes the file (footer included) and waits until the sink has taken every byte. */
  async close(): Promise<void> {
    this.throwIfFailed();
    if (this.ended) throw new FormatError('Parquet stream already closed', { file: this.options.file });
    this.ended = true;
    if (!this.finished) {
      // No rows: the stream encoder needs a first batch for the schema.
      await initParquetEngine();
      await this.sink(encodeParquet(this.table, emptyArrowTable(this.table), this.keyValue, this.options.profile ?? 'fast'));
      return;
    }
    this.wakeEncoder?.();
    await this.finished;
    this.throwIfFailed();
  }

  /** Stops encoding; the bytes given to the sink so far do not form a file. */
  async abort(): Promise<void> {
    this.aborted = this.ended = true;
    this.wakeEncoder?.();
    await this.finished?.catch(() => undefined);
    for (const b of this.queue.splice(0)) b.free();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private async run(): Promise<void> {
    const input = new ReadableStream<wasm.RecordBatch>(
      {
        pull: async (controller) => {
          while (!this.queue.length && !this.ended) await new Promise<void>((resolve) => (this.wakeEncoder = resolve));
          if (this.aborted) return controller.error(new Error('aborted'));
          const next = this.queue.shift();
          if (next) controller.enqueue(next);
          else controller.close();
          if (!this.queue.length) this.taken?.resolve();
        },
      },
      { highWaterMark: 0 },
    );
    const props = writerProperties(this.table, this.options.profile ?? 'fast', this.keyValue, this.options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS);
    let inSink = false;
    try {
      const output = await wasm.transformParquetStream(input, props);
      const reader = output.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        if (this.aborted) return;
        inSink = true;
        await this.sink(r.value as Uint8Array);
        inSink = false;
      }
    } catch (e) {
      if (this.aborted) return;
      // The sink's own errors (a full disk, say) pass unchanged.
      this.failure = inSink
        ? e
        : new FormatError(`cannot encode Parquet (${String((e as Error)?.message ?? e).split('\n')[0]})`, { file: this.options.file });
      this.taken?.reject(this.failure);
    }
  }
}
