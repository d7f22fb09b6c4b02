import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { FormatError } from '../errors.ts';
import { encodeParquet, type WriteProfile } from '../parquet/engine.ts';
import { batchLength, batchToArrow, emptyArrowTable } from '../schema/arrow.ts';
import { fileMetadataToMap, newFileMetadata } from '../schema/metadata.ts';
import type { BatchOf } from '../schema/rows.ts';
import { EVENT_COLLECTIONS, SCHEMA_NAME, SCHEMA_VERSION, TABLE_NAMES, type EventCollection, type TableName } from '../schema/v1.ts';
import { countRowsPerEvent, firstUnsortedRow } from '../dataset/event-offsets.ts';
import { STAGING_DIR, partFileName, partitionDir, runManifestPath, runLabel } from '../dataset/layout.ts';
import { compareKeys, type EventKey, type PartFile, type RunManifest } from '../dataset/manifest.ts';
import { TOOL_VERSION } from '../version.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { rebuildDatasetIndex } from './dataset-index.ts';
import { acquireLock, processAlive } from './run-lock.ts';

export interface RunWriterOptions {
  /** Setup id recorded in every file and the manifest. */
  setupId: string;
  /** The command line that produced the data (recorded for provenance). */
  command: string;
  /** Most rows per part file (one row group each), unless one appended batch is larger; parts are cut at event boundaries. */
  rowsPerPart?: number;
  profile?: WriteProfile;
  toolVersion?: string;
}

/** One append: a batch of whole events and the rows of their collections, all sorted by key. */
export type EventBundle = { events: BatchOf<'events'> } & { [C in EventCollection]?: BatchOf<C> };

interface TableState {
  pending: Table[];
  pendingRows: number;
  firstKey?: EventKey;
  lastKey?: EventKey;
  totalRows: number;
  parts: PartFile[];
}

const DEFAULT_ROWS_PER_PART = 1 << 19;

/**
 * Writes one run of a dataset. Parts are staged in a private directory and moved into the Hive
 * partitions only by `close()`, followed by the run manifest, so an interrupted run never looks
 * complete and a rerun replaces the old run cleanly. Memory is bounded by `rowsPerPart` per table.
 */
export class RunWriter {
  private readonly tables = new Map<TableName, TableState>();
  private lastEventKey: EventKey | undefined;
  private spills = 0;
  private eot = 0;
  private closed = false;

  private constructor(
    readonly datasetDir: string,
    readonly run: number,
    private readonly stagingDir: string,
    private readonly options: Required<RunWriterOptions>,
    private readonly releaseLock: () => Promise<void>,
  ) {
    for (const t of TABLE_NAMES) this.tables.set(t, { pending: [], pendingRows: 0, totalRows: 0, parts: [] });
  }

  static async open(datasetDir: string, run: number, options: RunWriterOptions): Promise<RunWriter> {
    if (!Number.isInteger(run) || run < 0 || run > 999_999) throw new FormatError(`run number must be an integer 0..999999, got ${run}`);
    const release = await acquireLock(join(datasetDir, `${runManifestPath(run)}.lock`), `run ${run} of dataset ${datasetDir}`);
    await removeDeadStaging(datasetDir, run);
    const staging = join(datasetDir, STAGING_DIR, `${runLabel(run)}.${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    const full: Required<RunWriterOptions> = {
      rowsPerPart: DEFAULT_ROWS_PER_PART,
      profile: 'fast',
      toolVersion: TOOL_VERSION,
      ...options,
    };
    return new RunWriter(datasetDir, run, staging, full, release);
  }

  /** Appends spill rows (sorted by spill, of this run). */
  async appendSpills(batch: BatchOf<'spills'>): Promise<void> {
    const n = batchLength('spills', batch);
    this.checkRun(batch.run, 'spills');
    for (let i = 0; i < n; i++) this.eot += batch.eot[i];
    this.spills += n;
    await this.buffer('spills', batch, n);
  }

  /**
   * Appends whole events with their collections. The events' `<collection>_offset/_count` columns
   * are filled here from the collections' keys.
   */
  async appendEvents(bundle: EventBundle): Promise<void> {
    this.assertOpen();
    const events = bundle.events;
    const n = batchLength('events', events);
    if (n === 0) return;
    this.checkRun(events.run, 'events');
    const bad = firstUnsortedRow(events, true);
    if (bad >= 0) throw new FormatError(`events row ${bad} is not after row ${bad - 1} in (run, spill, event) order`);
    const first: EventKey = [events.run[0], events.spill[0], events.event[0]];
    if (this.lastEventKey && compareKeys(first, this.lastEventKey) <= 0) {
      throw new FormatError(`events must be appended in key order: (${first.join(', ')}) follows (${this.lastEventKey.join(', ')})`);
    }
    const withOffsets: Record<string, unknown> = { ...events };
    for (const c of EVENT_COLLECTIONS) {
      const rows = bundle[c] as BatchOf<typeof c> | undefined;
      const counts = rows ? countRowsPerEvent(events, rows, c) : new Int32Array(n);
      const offsets = new Int32Array(n);
      let next = this.tables.get(c)!.totalRows + this.tables.get(c)!.pendingRows;
      for (let i = 0; i < n; i++) {
        offsets[i] = next;
        next += counts[i];
      }
      withOffsets[`${c}_offset`] = offsets;
      withOffsets[`${c}_count`] = counts;
    }
    for (const c of EVENT_COLLECTIONS) {
      const rows = bundle[c];
      if (rows) await this.buffer(c, rows as BatchOf<typeof c>, batchLength(c, rows as BatchOf<typeof c>));
    }
    await this.buffer('events', withOffsets as BatchOf<'events'>, n);
    this.lastEventKey = [events.run[n - 1], events.spill[n - 1], events.event[n - 1]];
  }

  private checkRun(runs: Int32Array, table: string): void {
    for (let i = 0; i < runs.length; i++) {
      if (runs[i] !== this.run) throw new FormatError(`${table} row ${i} has run ${runs[i]}, but this writer writes run ${this.run}`);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('RunWriter is closed');
  }

  private async buffer<T extends TableName>(table: T, batch: BatchOf<T>, n: number): Promise<void> {
    this.assertOpen();
    if (n === 0) return;
    const state = this.tables.get(table)!;
    // A part is closed before it would pass the target, so parts (and the memory the encoder
    // needs for one) stay below rowsPerPart unless a single batch is larger.
    if (state.pendingRows > 0 && state.pendingRows + n > this.options.rowsPerPart) await this.flush(table);
    const keys = batch as unknown as { run: Int32Array; spill: Int32Array; event: Int32Array };
    state.firstKey ??= [keys.run[0], keys.spill[0], keys.event[0]];
    state.lastKey = [keys.run[n - 1], keys.spill[n - 1], keys.event[n - 1]];
    state.pending.push(batchToArrow(table, batch));
    state.pendingRows += n;
    if (state.pendingRows >= this.options.rowsPerPart) await this.flush(table);
  }

  private async flush(table: TableName): Promise<void> {
    const state = this.tables.get(table)!;
    if (state.pendingRows === 0 && state.parts.length > 0) return;
    const data = state.pending.length === 0 ? emptyArrowTable(table) : concatTables(state.pending);
    const meta = newFileMetadata(table, this.run, this.options.setupId, this.options.toolVersion, this.options.command);
    const bytes = encodeParquet(table, data, fileMetadataToMap(meta), this.options.profile);
    const name = partFileName(state.parts.length);
    const dir = join(this.stagingDir, table);
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(join(dir, name), bytes);
    state.parts.push({
      path: `${partitionDir(table, this.run)}/${name}`,
      rows: state.pendingRows,
      bytes: bytes.byteLength,
      ...(state.pendingRows > 0 ? { firstKey: state.firstKey, lastKey: state.lastKey } : {}),
    });
    state.totalRows += state.pendingRows;
    state.pending = [];
    state.pendingRows = 0;
    state.firstKey = undefined;
    state.lastKey = undefined;
  }

  /** Writes the remaining parts, moves the run into place, writes its manifest and updates the index. */
  async close(): Promise<RunManifest> {
    this.assertOpen();
    try {
      for (const t of TABLE_NAMES) await this.flush(t);
      this.closed = true;
      const manifestFile = join(this.datasetDir, runManifestPath(this.run));
      // The old manifest goes first: a manifest must never describe files it did not list.
      await rm(manifestFile, { force: true });
      for (const t of TABLE_NAMES) {
        const target = join(this.datasetDir, partitionDir(t, this.run));
        await rm(target, { recursive: true, force: true });
        await mkdir(join(this.datasetDir, t), { recursive: true });
        await rename(join(this.stagingDir, t), target);
      }
      await rm(this.stagingDir, { recursive: true, force: true });
      const manifest: RunManifest = {
        schema: SCHEMA_NAME,
        schemaVersion: SCHEMA_VERSION,
        run: this.run,
        setupId: this.options.setupId,
        toolVersion: this.options.toolVersion,
        command: this.options.command,
        createdAt: new Date().toISOString(),
        spills: this.spills,
        events: this.tables.get('events')!.totalRows,
        eot: this.eot,
        tables: Object.fromEntries(
          TABLE_NAMES.map((t) => {
            const s = this.tables.get(t)!;
            return [t, { rows: s.totalRows, files: s.parts }];
          }),
        ),
      };
      await writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
      await rebuildDatasetIndex(this.datasetDir);
      return manifest;
    } finally {
      await this.releaseLock();
    }
  }

  /** Drops everything written so far; the dataset keeps what it had before this run was opened. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await rm(this.stagingDir, { recursive: true, force: true });
    await this.releaseLock();
  }
}

function concatTables(tables: Table[]): Table {
  return tables.length === 1 ? tables[0] : tables[0].concat(...tables.slice(1));
}

/** Removes staging directories of this run left by processes that no longer run (we hold the run lock). */
async function removeDeadStaging(datasetDir: string, run: number): Promise<void> {
  const dir = join(datasetDir, STAGING_DIR);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const m = /^run=(\d+)\.(\d+)$/.exec(name);
    if (m && Number(m[1]) === run && (Number(m[2]) === process.pid || !processAlive(Number(m[2])))) await rm(join(dir, name), { recursive: true, force: true });
  }
}
