import type { Table } from 'apache-arrow';
import { FormatError } from '../errors.ts';
import { arrowSchemaOf } from '../schema/arrow.ts';
import { EVENT_COLLECTIONS, TABLE_NAMES, type EventCollection, type TableName } from '../schema/v1.ts';
import { Dataset, runOfPath } from './dataset.ts';
import { DATASET_INDEX_FILE, parsePartPath } from './layout.ts';
import type { DatasetStore } from './store.ts';

export interface ValidationProblem {
  /** File (relative to the dataset) or the dataset itself. */
  file: string;
  message: string;
}

export interface ValidationReport {
  ok: boolean;
  filesChecked: number;
  rowsChecked: number;
  problems: ValidationProblem[];
}

interface RunKeys {
  run: number;
  spill: Int32Array;
  event: Int32Array;
}

function concatInt32(parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const int32Column = (t: Table, name: string): Int32Array => t.getChild(name)!.toArray() as Int32Array;

/**
 * Checks a dataset: every file readable with the right schema and metadata, the index agrees with
 * the files, keys sorted, event offsets and in-event indices inside their tables.
 */
export async function validateDataset(store: DatasetStore): Promise<ValidationReport> {
  const problems: ValidationProblem[] = [];
  const report = (file: string, message: string) => problems.push({ file, message });
  let dataset: Dataset;
  try {
    dataset = await Dataset.open(store);
  } catch (e) {
    if (e instanceof FormatError) return { ok: false, filesChecked: 0, rowsChecked: 0, problems: [{ file: DATASET_INDEX_FILE, message: e.message }] };
    throw e;
  }
  const index = dataset.index;
  let filesChecked = 0;
  let rowsChecked = 0;

  const listed = new Set(TABLE_NAMES.flatMap((t) => (index.tables[t]?.files ?? []).map((f) => f.path)));
  for (const t of TABLE_NAMES) if (!index.tables[t]) report(DATASET_INDEX_FILE, `table "${t}" is missing from the index`);
  if (store.listParquetFiles) {
    const onDisk = await store.listParquetFiles();
    for (const path of onDisk) if (!listed.has(path)) report(path, 'file is not in the index (an unfinished write, or the index is stale: run "na64 index")');
    const present = new Set(onDisk);
    for (const path of listed) if (!present.has(path)) report(path, 'listed in the index but missing');
  }

  // Keys and per-event counts, per table and run, gathered while checking each file.
  const keys = new Map<string, RunKeys>();
  for (const table of dataset.tables()) {
    const byRun = new Map<number, { spill: Int32Array[]; event: Int32Array[] }>();
    for (const file of dataset.files(table)) {
      const where = parsePartPath(file.path);
      if (!where || where.table !== table) report(file.path, `path does not follow ${table}/run=N/part-KKKK.parquet`);
      let data: Table;
      try {
        const reader = await dataset.reader(file.path);
        const info = reader.info();
        filesChecked++;
        const expected = arrowSchemaOf(table).fields;
        const missing = expected.filter((f) => !info.columns.includes(f.name)).map((f) => f.name);
        if (missing.length) report(file.path, `columns missing for schema v1 ${table}: ${missing.join(', ')}`);
        for (const f of expected) {
          const at = info.columns.indexOf(f.name);
          if (at >= 0 && info.types[at] !== String(f.type)) report(file.path, `column ${f.name} is ${info.types[at]}, schema v1 says ${String(f.type)}`);
        }
        if (info.rows !== file.rows) report(file.path, `index says ${file.rows} rows, file has ${info.rows}`);
        if (info.rowGroups.length > 1) report(file.path, `${info.rowGroups.length} row groups; a part holds one`);
        const size = await store.fileSize?.(file.path);
        if (size !== undefined && size !== file.bytes) report(file.path, `index says ${file.bytes} bytes, file has ${size}`);
        data = await reader.read({ columns: ['run', 'spill', 'event'] });
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        report(file.path, e.message.replace(`${store.label}/`, ''));
        continue;
      }
      rowsChecked += data.numRows;
      const run = runOfPath(file.path);
      const runs = int32Column(data, 'run');
      const badRun = runs.findIndex((r) => r !== run);
      if (badRun >= 0) report(file.path, `row ${badRun} has run ${runs[badRun]} in the partition of run ${run}`);
      const acc = byRun.get(run) ?? { spill: [], event: [] };
      acc.spill.push(int32Column(data, 'spill'));
      acc.event.push(int32Column(data, 'event'));
      byRun.set(run, acc);
    }
    for (const [run, acc] of byRun) {
      const k: RunKeys = { run, spill: concatInt32(acc.spill), event: concatInt32(acc.event) };
      keys.set(`${table}/${run}`, k);
      const strict = table === 'events' || table === 'spills';
      for (let i = 1; i < k.spill.length; i++) {
        const c = k.spill[i] - k.spill[i - 1] || k.event[i] - k.event[i - 1];
        if (c < 0 || (strict && c === 0)) {
          report(`${table}/run=${run}`, `keys not sorted at row ${i}: (${run}, ${k.spill[i]}, ${k.event[i]}) after (${run}, ${k.spill[i - 1]}, ${k.event[i - 1]})`);
          break;
        }
      }
    }
  }

  for (const run of dataset.runs()) {
    const ev = keys.get(`events/${run}`);
    if (!ev) continue;
    let events: Table;
    try {
      events = await dataset.readTable('events', { runs: [run], columns: EVENT_COLLECTIONS.flatMap((c) => [`${c}_offset`, `${c}_count`]) });
    } catch (e) {
      if (e instanceof FormatError) continue; // already reported per file
      throw e;
    }
    const counts = {} as Record<EventCollection, Int32Array>;
    for (const c of EVENT_COLLECTIONS) {
      const offsets = int32Column(events, `${c}_offset`);
      counts[c] = int32Column(events, `${c}_count`);
      const rows = keys.get(`${c}/${run}`);
      const total = rows?.spill.length ?? 0;
      let next = 0;
      let broken = false;
      for (let i = 0; i < offsets.length && !broken; i++) {
        broken = true;
        if (offsets[i] !== next || counts[c][i] < 0) {
          report(`events/run=${run}`, `row ${i}: ${c}_offset ${offsets[i]} / ${c}_count ${counts[c][i]} do not continue the previous event (expected offset ${next})`);
          break;
        }
        next += counts[c][i];
        if (next > total) {
          report(`events/run=${run}`, `row ${i}: ${c} rows ${offsets[i]}..${next} run past the ${total} rows of ${c}`);
          break;
        }
        const r = rows ? firstForeignRow(rows, offsets[i], next, ev.spill[i], ev.event[i]) : -1;
        if (r >= 0) {
          report(`${c}/run=${run}`, `row ${r} has key (${run}, ${rows!.spill[r]}, ${rows!.event[r]}) but events row ${i} (${run}, ${ev.spill[i]}, ${ev.event[i]}) points at it`);
          break;
        }
        broken = false;
      }
      if (!broken && next !== total) report(`events/run=${run}`, `events cover ${next} ${c} rows, the table has ${total}`);
    }
    await checkInEventIndices(dataset, run, counts, report);
  }
  return { ok: problems.length === 0, filesChecked, rowsChecked, problems };
}

function firstForeignRow(rows: RunKeys, from: number, to: number, spill: number, event: number): number {
  for (let r = from; r < to; r++) if (rows.spill[r] !== spill || rows.event[r] !== event) return r;
  return -1;
}

/** hits.truth, truth.parent and tracks.hits must point inside their event's collections. */
async function checkInEventIndices(
  dataset: Dataset,
  run: number,
  counts: Record<EventCollection, Int32Array>,
  report: (file: string, message: string) => void,
): Promise<void> {
  const checks: { table: TableName; column: string; target: EventCollection; list: boolean }[] = [
    { table: 'hits', column: 'truth', target: 'truth', list: false },
    { table: 'truth', column: 'parent', target: 'truth', list: false },
    { table: 'tracks', column: 'hits', target: 'hits', list: true },
  ];
  for (const check of checks) {
    let t: Table;
    try {
      t = await dataset.readTable(check.table, { runs: [run], columns: [check.column] });
    } catch (e) {
      if (e instanceof FormatError) continue;
      throw e;
    }
    const rowsPerEvent = counts[check.table as EventCollection];
    const limit = counts[check.target];
    const vector = t.getChild(check.column)!;
    let row = 0;
    outer: for (let e = 0; e < rowsPerEvent.length; e++) {
      for (let k = 0; k < rowsPerEvent[e]; k++, row++) {
        const values = check.list ? Array.from((vector.get(row) as { toArray(): Int32Array }).toArray()) : [vector.get(row) as number];
        for (const v of values) {
          if (v < -1 || v >= limit[e] || (check.column === 'parent' && v >= k)) {
            report(`${check.table}/run=${run}`, `row ${row}: ${check.column} = ${v} is outside the event's ${limit[e]} ${check.target} rows`);
            break outer;
          }
        }
      }
    }
  }
}
