/**
 * Event loaders: one interface for every source of events the display can show, with one shared
 * conformance test (test/loader-conformance.test.ts). `DatasetEventLoader` reads any `Dataset`
 * (over HTTP range requests in the browser); `MemoryEventLoader` holds rows in memory.
 */
import type { Table } from 'apache-arrow';
import {
  Dataset,
  FormatError,
  HttpDatasetStore,
  TABLES_V1,
  batchToArrow,
  compareKeys,
  rowsToBatch,
  type EventKey,
  type RowOf,
  type TableName,
} from '@na64/format';

export interface LoadedEvent {
  key: EventKey;
  /** The events row (all columns). */
  event: Record<string, unknown>;
  hits: Table;
  tracks: Table;
  truth: Table;
}

export interface DatasetSummary {
  label: string;
  /** Setup id of the dataset (from the index or the spills). */
  setupId: string;
  runs: number[];
  /** Number of events. */
  events: number;
}

export interface EventLoader {
  readonly label: string;
  /** Opens the source; rejects with a FormatError whose message says what is wrong. */
  open(): Promise<DatasetSummary>;
  /** Every event key in (run, spill, event) order. */
  eventKeys(): Promise<EventKey[]>;
  /** The given events columns for every event (for candidate lists), plus run, spill, event. */
  eventColumns(columns: readonly string[]): Promise<Table>;
  /** One event with its hits, tracks and truth; rejects with a FormatError if it does not exist. */
  readEvent(key: EventKey): Promise<LoadedEvent>;
  /** Nominal beam energy E0 (spills.beam_energy) of the event's spill, GeV (NaN when unknown). */
  beamEnergy(key: EventKey): Promise<number>;
  close(): void;
}

const KEY_COLUMNS = ['run', 'spill', 'event'];

function keysOf(table: Table): EventKey[] {
  const run = table.getChild('run')!.toArray() as Int32Array;
  const spill = table.getChild('spill')!.toArray() as Int32Array;
  const event = table.getChild('event')!.toArray() as Int32Array;
  const out: EventKey[] = [];
  for (let i = 0; i < run.length; i++) out.push([run[i], spill[i], event[i]]);
  return out;
}

/** Reads events from a dataset: only the row groups and columns of the event shown. */
export class DatasetEventLoader implements EventLoader {
  private keys?: Promise<EventKey[]>;
  private spills?: Promise<Map<string, number>>;
  private summary?: DatasetSummary;

  constructor(
    readonly dataset: Dataset,
    readonly label = dataset.store.label,
  ) {}

  async open(): Promise<DatasetSummary> {
    if (this.summary) return this.summary;
    const index = this.dataset.index;
    let setupId: string | undefined = index.setupIds[0] ?? index.runs[0]?.setupId;
    if (!setupId) {
      const spills = await this.dataset.readTable('spills', { columns: ['setup_id'] });
      setupId = spills.numRows ? String(spills.getChild('setup_id')!.get(0)) : undefined;
    }
    if (!setupId) throw new FormatError('the dataset names no setup id (dataset.json setupIds and spills.setup_id are empty)', { file: this.label });
    const events = index.tables.events?.rows ?? 0;
    this.summary = { label: this.label, setupId, runs: this.dataset.runs(), events };
    return this.summary;
  }

  eventKeys(): Promise<EventKey[]> {
    this.keys ??= this.dataset.readTable('events', { columns: KEY_COLUMNS }).then(keysOf);
    return this.keys;
  }

  eventColumns(columns: readonly string[]): Promise<Table> {
    const known = TABLES_V1.events.columns.map((c) => c.name as string);
    const bad = columns.filter((c) => !known.includes(c));
    if (bad.length) return Promise.reject(new FormatError(`events has no column ${bad.map((c) => `"${c}"`).join(', ')}`));
    return this.dataset.readTable('events', { columns: [...new Set([...KEY_COLUMNS, ...columns])] });
  }

  async readEvent(key: EventKey): Promise<LoadedEvent> {
    const data = await this.dataset.readEvent(key);
    return { key, event: data.event as unknown as Record<string, unknown>, hits: data.hits, tracks: data.tracks, truth: data.truth };
  }

  async beamEnergy(key: EventKey): Promise<number> {
    this.spills ??= this.dataset.readTable('spills', { columns: ['run', 'spill', 'beam_energy'] }).then((t) => {
      const m = new Map<string, number>();
      const run = t.getChild('run')!.toArray() as Int32Array;
      const spill = t.getChild('spill')!.toArray() as Int32Array;
      const e = t.getChild('beam_energy')!.toArray() as Float32Array;
      for (let i = 0; i < run.length; i++) m.set(`${run[i]}:${spill[i]}`, e[i]);
      return m;
    });
    return (await this.spills).get(`${key[0]}:${key[1]}`) ?? Number.NaN;
  }

  close(): void {
    this.dataset.close();
  }
}

/** Opens a dataset served over HTTP(S) (range requests) as an event loader. */
export async function openHttpLoader(url: string): Promise<DatasetEventLoader> {
  const dataset = await Dataset.open(new HttpDatasetStore(url));
  const loader = new DatasetEventLoader(dataset, url);
  await loader.open();
  return loader;
}

/** Default values for columns a caller leaves out (NaN for floats, -1 for ints, '' and []). */
export function completeRow<T extends TableName>(table: T, row: Partial<RowOf<T>>): RowOf<T> {
  const out: Record<string, unknown> = { ...row };
  for (const c of TABLES_V1[table].columns) {
    if (out[c.name] !== undefined) continue;
    out[c.name] = c.kind === 'utf8' ? '' : c.kind.startsWith('list') ? [] : c.kind === 'int32' ? -1 : Number.NaN;
  }
  return out as RowOf<T>;
}

export interface MemoryEventSource {
  setupId: string;
  spills: Partial<RowOf<'spills'>>[];
  events: Partial<RowOf<'events'>>[];
  hits?: Partial<RowOf<'hits'>>[];
  tracks?: Partial<RowOf<'tracks'>>[];
  truth?: Partial<RowOf<'truth'>>[];
}

function tableOf<T extends TableName>(table: T, rows: Partial<RowOf<T>>[]): Table {
  return batchToArrow(table, rowsToBatch(table, rows.map((r) => completeRow(table, r))));
}

const keyOf = (r: { run?: number; spill?: number; event?: number }): EventKey => [r.run ?? -1, r.spill ?? -1, r.event ?? -1];

/** Events held in memory as rows (tests, embedding without a server). */
export class MemoryEventLoader implements EventLoader {
  readonly label: string;
  private readonly events: RowOf<'events'>[];

  constructor(
    private readonly source: MemoryEventSource,
    label = 'memory',
  ) {
    this.label = label;
    this.events = source.events.map((e) => completeRow('events', e)).sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  }

  async open(): Promise<DatasetSummary> {
    return { label: this.label, setupId: this.source.setupId, runs: [...new Set(this.events.map((e) => e.run))], events: this.events.length };
  }

  async eventKeys(): Promise<EventKey[]> {
    return this.events.map(keyOf);
  }

  async eventColumns(columns: readonly string[]): Promise<Table> {
    const known = TABLES_V1.events.columns.map((c) => c.name as string);
    const bad = columns.filter((c) => !known.includes(c));
    if (bad.length) throw new FormatError(`events has no column ${bad.map((c) => `"${c}"`).join(', ')}`);
    const all = tableOf('events', this.events);
    return all.select([...new Set([...KEY_COLUMNS, ...columns])]);
  }

  async readEvent(key: EventKey): Promise<LoadedEvent> {
    const event = this.events.find((e) => compareKeys(keyOf(e), key) === 0);
    if (!event) throw new FormatError(`event ${key.join(':')} (run:spill:event) does not exist`, { file: this.label });
    const of = <T extends 'hits' | 'tracks' | 'truth'>(t: T) => tableOf(t, ((this.source[t] ?? []) as Partial<RowOf<T>>[]).filter((r) => compareKeys(keyOf(r), key) === 0));
    return { key, event: { ...event }, hits: of('hits'), tracks: of('tracks'), truth: of('truth') };
  }

  async beamEnergy(key: EventKey): Promise<number> {
    const s = this.source.spills.find((r) => r.run === key[0] && r.spill === key[1]);
    return s?.beam_energy ?? Number.NaN;
  }

  close(): void {}
}
