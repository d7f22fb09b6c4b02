import type { Table } from 'apache-arrow';
import { FormatError } from '../errors.ts';
import { decodeParquet, type ParquetReader } from '../parquet/engine.ts';
import { arrowToRows } from '../schema/arrow.ts';
import { fileMetadataFromMap } from '../schema/metadata.ts';
import type { EventRow, RowOf, SpillRow } from '../schema/rows.ts';
import { EVENT_COLLECTIONS, SCHEMA_NAME, SCHEMA_VERSION, TABLE_NAMES, type EventCollection, type TableName } from '../schema/v1.ts';
import { DATASET_INDEX_FILE } from './layout.ts';
import { compareKeys, parseDatasetIndex, type DatasetIndex, type EventKey, type PartFile } from './manifest.ts';
import type { DatasetStore } from './store.ts';

export interface EventData {
  key: EventKey;
  event: EventRow;
  digits: Table;
  hits: Table;
  tracks: Table;
  truth: Table;
}

export interface ReadOptions {
  columns?: string[];
  /** Only these runs (all when omitted). */
  runs?: number[];
}

/** Checks a file's key-value metadata against the schema this reader supports. */
export function checkFileSchema(keyValue: ReadonlyMap<string, string>, file: string, expectedTable?: string): void {
  const meta = fileMetadataFromMap(keyValue);
  if (meta.schema !== SCHEMA_NAME) {
    throw new FormatError(`not an NA64 dataset file: key-value metadata has schema ${meta.schema === undefined ? '(none)' : `"${meta.schema}"`}, expected "${SCHEMA_NAME}"`, { file });
  }
  if (meta.schemaVersion !== SCHEMA_VERSION) {
    throw new FormatError(`schema version ${meta.schemaVersion} found; this reader supports version ${SCHEMA_VERSION}`, { file });
  }
  if (expectedTable && meta.table !== expectedTable) {
    throw new FormatError(`file holds table "${meta.table}", expected "${expectedTable}" from its path`, { file });
  }
}

/**
 * A dataset opened for reading, in Node or the browser. Reads touch only the part files (row
 * groups) and columns they need.
 */
export class Dataset {
  private readonly readers = new Map<string, Promise<ParquetReader>>();

  constructor(
    readonly store: DatasetStore,
    readonly index: DatasetIndex,
  ) {}

  /** Opens a dataset through its dataset.json index. */
  static async open(store: DatasetStore): Promise<Dataset> {
    const text = await store.readText(DATASET_INDEX_FILE);
    if (text === undefined) {
      throw new FormatError(`no ${DATASET_INDEX_FILE} found; not a dataset directory (run "na64 index" to rebuild the index from the files)`, { file: store.label });
    }
    const index = parseDatasetIndex(text, `${store.label}/${DATASET_INDEX_FILE}`);
    if (index.schema !== SCHEMA_NAME) throw new FormatError(`schema "${index.schema}" found, expected "${SCHEMA_NAME}"`, { file: `${store.label}/${DATASET_INDEX_FILE}` });
    if (index.schemaVersion !== SCHEMA_VERSION) {
      throw new FormatError(`schema version ${index.schemaVersion} found; this reader supports version ${SCHEMA_VERSION}`, { file: `${store.label}/${DATASET_INDEX_FILE}` });
    }
    return new Dataset(store, index);
  }

  runs(): number[] {
    return this.index.runs.map((r) => r.run);
  }

  tables(): TableName[] {
    return TABLE_NAMES.filter((t) => this.index.tables[t]);
  }

  files(table: TableName, runs?: number[]): PartFile[] {
    const entry = this.index.tables[table];
    if (!entry) throw new FormatError(`table "${table}" is missing from the dataset`, { file: this.store.label });
    if (!runs) return entry.files;
    return entry.files.filter((f) => runs.includes(runOfPath(f.path)));
  }

  /** Opens (once) and checks a part file of the dataset. */
  reader(path: string): Promise<ParquetReader> {
    let r = this.readers.get(path);
    if (!r) {
      r = this.store.openParquet(path).then((reader) => {
        checkFileSchema(reader.info().keyValue, `${this.store.label}/${path}`, path.split('/')[0]);
        return reader;
      });
      r.catch(() => this.readers.delete(path));
      this.readers.set(path, r);
    }
    return r;
  }

  /** Iterates a table part by part (one Arrow table per part file, i.e. per row group). */
  async *batches(table: TableName, options: ReadOptions = {}): AsyncGenerator<Table> {
    for (const file of this.files(table, options.runs)) {
      if (file.rows === 0) continue;
      const reader = await this.reader(file.path);
      // Whole parts of local files decode fastest in one pass; projections read only their columns.
      if (options.columns) yield await reader.read({ columns: options.columns });
      else if (this.store.readBytes) yield decodeParquet(await this.store.readBytes(file.path), `${this.store.label}/${file.path}`);
      else yield await reader.read();
    }
  }

  /** Reads a whole table (or the given runs and columns) into one Arrow table. */
  async readTable(table: TableName, options: ReadOptions = {}): Promise<Table> {
    const parts: Table[] = [];
    for await (const t of this.batches(table, options)) parts.push(t);
    if (parts.length === 0) {
      const first = this.files(table, options.runs)[0];
      if (first) return (await this.reader(first.path)).read(options.columns ? { columns: options.columns } : {});
      throw new FormatError(`table "${table}" has no files${options.runs ? ` for runs ${options.runs.join(', ')}` : ''}`, { file: this.store.label });
    }
    return parts.length === 1 ? parts[0] : parts[0].concat(...parts.slice(1));
  }

  async readSpills(runs?: number[]): Promise<SpillRow[]> {
    return arrowToRows('spills', await this.readTable('spills', runs ? { runs } : {}));
  }

  /** Reads rows [offset, offset + count) of a table's run partition (rows counted across its parts). */
  async readRunRows(table: TableName, run: number, offset: number, count: number, columns?: string[]): Promise<Table> {
    const files = this.files(table, [run]);
    const projection = columns ? { columns } : {};
    const total = files.reduce((n, f) => n + f.rows, 0);
    if (offset < 0 || count < 0 || offset + count > total || files.length === 0) {
      throw new FormatError(`rows ${offset}..${offset + count} are outside ${table} of run ${run} (${total} rows)`, { file: this.store.label });
    }
    if (count === 0) return (await this.reader(files[0].path)).read({ ...projection, limit: 0 });
    const pieces: Table[] = [];
    let start = 0;
    for (const f of files) {
      const lo = Math.max(offset, start);
      const hi = Math.min(offset + count, start + f.rows);
      if (hi > lo) pieces.push(await (await this.reader(f.path)).read({ ...projection, offset: lo - start, limit: hi - lo }));
      start += f.rows;
    }
    return pieces.length === 1 ? pieces[0] : pieces[0].concat(...pieces.slice(1));
  }

  /** Finds the events part holding a key and the row inside the run partition; undefined when absent. */
  async locateEvent(key: EventKey): Promise<{ runRow: number } | undefined> {
    let start = 0;
    for (const f of this.files('events', [key[0]])) {
      if (f.firstKey && f.lastKey && compareKeys(key, f.firstKey) >= 0 && compareKeys(key, f.lastKey) <= 0) {
        const keys = await (await this.reader(f.path)).read({ columns: ['spill', 'event'] });
        const spill = keys.getChild('spill')!.toArray() as Int32Array;
        const event = keys.getChild('event')!.toArray() as Int32Array;
        let lo = 0;
        let hi = spill.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const c = spill[mid] - key[1] || event[mid] - key[2];
          if (c === 0) return { runRow: start + mid };
          if (c < 0) lo = mid + 1;
          else hi = mid - 1;
        }
        return undefined;
      }
      start += f.rows;
    }
    return undefined;
  }

  /** Reads one event with all its collections, touching only the parts that hold it. */
  async readEvent(key: EventKey): Promise<EventData> {
    const where = await this.locateEvent(key);
    if (!where) throw new FormatError(`event ${key.join(':')} (run:spill:event) does not exist`, { file: this.store.label });
    const eventTable = await this.readRunRows('events', key[0], where.runRow, 1);
    const event = arrowToRows('events', eventTable)[0];
    const collections = {} as Record<EventCollection, Table>;
    for (const c of EVENT_COLLECTIONS) {
      const offset = event[`${c}_offset`];
      const count = event[`${c}_count`];
      collections[c] = await this.readRunRows(c, key[0], offset, count);
    }
    return { key, event, ...collections };
  }

  /** Rows of a table as plain objects (small reads: one event's collections, spills). */
  static rows<T extends TableName>(table: T, data: Table): RowOf<T>[] {
    return arrowToRows(table, data);
  }

  close(): void {
    for (const r of this.readers.values()) r.then((reader) => reader.close(), () => undefined);
    this.readers.clear();
  }
}

export function runOfPath(path: string): number {
  const m = /\/run=(\d+)\//.exec(path);
  return m ? Number(m[1]) : -1;
}
