import * as wasm from 'parquet-wasm';
import { RecordBatchStreamWriter, tableFromIPC, type Table } from 'apache-arrow';
import { parseTable } from 'arrow-js-ffi';
import { FormatError } from '../errors.ts';
import { columnsOf } from '../schema/arrow.ts';
import { EVENT_COLLECTIONS, type TableName } from '../schema/v1.ts';

const KEY_COLUMNS = ['run', 'spill', 'event'] as const;

/**
 * The Parquet engine: parquet-wasm (arrow-rs compiled to WebAssembly) for writing and reading,
 * chosen by measurement (see the package README). Node loads the wasm synchronously; a browser
 * bundle must await `initParquetEngine()` once before the first read.
 */
let ready: Promise<void> | undefined;
export function initParquetEngine(wasmInput?: unknown): Promise<void> {
  const init = (wasm as unknown as { default?: (input?: unknown) => Promise<unknown> }).default;
  ready ??= typeof init === 'function' ? init(wasmInput).then(() => undefined) : Promise.resolve();
  return ready;
}

/**
 * Write profiles. `fast`: ZSTD, byte-stream-split floats, delta-packed ints, dictionary only for
 * strings; page statistics on every column of the small tables, and only on the event key of the
 * per-event collections (digits, hits, tracks, truth), where min/max of every value cost a third
 * of the encoding time and a one-row-group file gains nothing from them. `quick`: as `fast` but
 * Snappy instead of ZSTD, for files written while the data is produced (the simulator's truth
 * sidecar): 2.4x faster to encode than `fast` for ~11% more bytes (truth rows, see the README).
 * `compat`: plain encoding, Snappy, data page v1, no dictionary, so that minimal readers
 * (parquetjs-lite) read the files correctly.
 */
export type WriteProfile = 'fast' | 'quick' | 'compat';

/** The writer settings of a table and profile; `rowGroupRows` caps the rows of a row group. */
export function writerProperties(table: TableName, profile: WriteProfile, keyValue: Map<string, string>, rowGroupRows = 1 << 30): wasm.WriterProperties {
  let b = new wasm.WriterPropertiesBuilder()
    .setCreatedBy('na64 toolkit (parquet-wasm / arrow-rs)')
    .setKeyValueMetadata(keyValue)
    .setMaxRowGroupSize(rowGroupRows)
    .setDictionaryEnabled(false);
  if (profile === 'compat') {
    return b
      .setCompression(wasm.Compression.SNAPPY)
      .setWriterVersion(wasm.WriterVersion.V1)
      .setEncoding(wasm.Encoding.PLAIN)
      .setStatisticsEnabled(wasm.EnabledStatistics.Chunk)
      .build();
  }
  const keyStatisticsOnly = (EVENT_COLLECTIONS as readonly string[]).includes(table);
  b = b
    .setCompression(profile === 'quick' ? wasm.Compression.SNAPPY : wasm.Compression.ZSTD)
    .setWriterVersion(wasm.WriterVersion.V2)
    .setStatisticsEnabled(keyStatisticsOnly ? wasm.EnabledStatistics.None : wasm.EnabledStatistics.Page);
  if (keyStatisticsOnly) for (const key of KEY_COLUMNS) b = b.setColumnStatisticsEnabled(key, wasm.EnabledStatistics.Page);
  for (const c of columnsOf(table)) {
    if (c.kind === 'utf8') b = b.setColumnDictionaryEnabled(c.name, true);
    else if (c.kind === 'float32' || c.kind === 'float64') b = b.setColumnEncoding(c.name, wasm.Encoding.BYTE_STREAM_SPLIT);
    else if (c.kind === 'int32') b = b.setColumnEncoding(c.name, wasm.Encoding.DELTA_BINARY_PACKED);
  }
  return b.build();
}

/**
 * One buffer for the IPC bytes of every table encoded by this thread, kept between calls: fresh
 * memory is expensive to touch (page faults, ~3-4 ms per MB on the virtual machines we measured),
 * while the bytes only live until parquet-wasm has copied them into its own memory.
 */
let ipcScratch = new Uint8Array(0);

/** The Arrow IPC stream of a table, in `ipcScratch` (valid until the next call). */
export function ipcStreamBytes(data: Table): Uint8Array {
  const writer = RecordBatchStreamWriter.writeAll(data);
  // The writer's byte queue holds the message and body chunks; joining them ourselves into the
  // reused buffer saves allocating (and faulting in) a new buffer as large as the table.
  const chunks = (writer as unknown as { _sink?: { _values?: unknown } })._sink?._values;
  if (!Array.isArray(chunks) || !chunks.every((c) => c instanceof Uint8Array)) return writer.toUint8Array(true);
  let length = 0;
  for (const c of chunks as Uint8Array[]) length += c.byteLength;
  if (ipcScratch.byteLength < length) ipcScratch = new Uint8Array(Math.ceil(length * 1.25));
  let offset = 0;
  for (const c of chunks as Uint8Array[]) {
    ipcScratch.set(c, offset);
    offset += c.byteLength;
  }
  return ipcScratch.subarray(0, length);
}

/** Encodes an Arrow table of a schema table as one Parquet file with a single row group. */
export function encodeParquet(table: TableName, data: Table, keyValue: Map<string, string>, profile: WriteProfile = 'fast'): Uint8Array {
  const wasmTable = wasm.Table.fromIPCStream(ipcStreamBytes(data));
  return wasm.writeParquet(wasmTable, writerProperties(table, profile, keyValue));
}

/**
 * Moves a table out of wasm memory through the Arrow C data interface (copying the buffers once),
 * ~10x faster than a round trip through IPC bytes.
 */
function fromWasm(table: wasm.Table): Table {
  const ffi = table.intoFFI();
  try {
    return parseTable(wasm.wasmMemory().buffer, ffi.arrayAddrs(), ffi.schemaAddr(), true) as unknown as Table;
  } finally {
    ffi.drop();
  }
}

/** Reads a whole Parquet file held in memory. */
export function decodeParquet(bytes: Uint8Array, file = 'Parquet data'): Table {
  try {
    return fromWasm(wasm.readParquet(bytes, { batchSize: 1 << 20 }));
  } catch (e) {
    throw new FormatError(`cannot read (${String((e as Error).message ?? e).split('\n')[0]})`, { file });
  }
}

export interface ParquetFileInfo {
  rows: number;
  rowGroups: number[];
  keyValue: Map<string, string>;
  columns: string[];
  /** Arrow type of each column, as Arrow JS prints it (e.g. "Float32", "List<Int16>"). */
  types: string[];
}

/** A Parquet file opened for ranged reads (a File/Blob in Node or the browser, or a URL with HTTP ranges). */
export class ParquetReader {
  private constructor(
    private readonly file: wasm.ParquetFile,
    readonly name: string,
  ) {}

  static async fromBlob(blob: Blob, name: string): Promise<ParquetReader> {
    await initParquetEngine();
    return new ParquetReader(await wasm.ParquetFile.fromFile(blob), name);
  }

  static async fromUrl(url: string): Promise<ParquetReader> {
    await initParquetEngine();
    return new ParquetReader(await wasm.ParquetFile.fromUrl(url), url);
  }

  info(): ParquetFileInfo {
    const meta = this.file.metadata();
    const file = meta.fileMetadata();
    const kv = file.keyValueMetadata() as Map<string, string>;
    return {
      rows: Number(file.numRows()),
      rowGroups: meta.rowGroups().map((g) => Number(g.numRows())),
      keyValue: new Map([...kv].filter(([k]) => k !== 'ARROW:schema')),
      ...this.arrowFields(),
    };
  }

  private arrowFields(): { columns: string[]; types: string[] } {
    const fields = tableFromIPC(this.file.schema().intoIPCStream()).schema.fields;
    return { columns: fields.map((f) => f.name), types: fields.map((f) => String(f.type)) };
  }

  /** Reads rows [offset, offset + limit) of the given columns (all when omitted). */
  async read(options: { columns?: string[]; offset?: number; limit?: number } = {}): Promise<Table> {
    const missing = options.columns?.filter((c) => !this.info().columns.includes(c));
    if (missing?.length) throw new FormatError(`has no column ${missing.map((c) => `"${c}"`).join(', ')}`, { file: this.name });
    try {
      return fromWasm(await this.file.read({ batchSize: 1 << 20, ...options }));
    } catch (e) {
      throw new FormatError(`cannot read (${String((e as Error).message ?? e).split('\n')[0]})`, { file: this.name });
    }
  }

  close(): void {
    this.file.free();
  }
}
