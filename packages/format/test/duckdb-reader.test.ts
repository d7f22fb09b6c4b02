import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES_V1, TABLE_NAMES, rowsToBatch } from '@na64/format';
import { RunWriter } from '@na64/format/node';
import { bundlesOf, sampleRun, type SampleRun } from './helpers/sample-data.ts';

// DuckDB is the independent referee: it must read the dataset as-is with Hive partitioning.
let dir: string;
let con: DuckDBConnection;
const data: Record<number, SampleRun> = { 12: sampleRun(12, 2, 30), 13: sampleRun(13, 1, 20) };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'na64-duck-'));
  for (const [run, d] of Object.entries(data)) {
    const w = await RunWriter.open(dir, Number(run), { setupId: 'invis-2018', command: 'test', rowsPerPart: 40 });
    await w.appendSpills(rowsToBatch('spills', d.spills));
    for (const b of bundlesOf(d, 9)) await w.appendEvents(b);
    await w.close();
  }
  con = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const scan = (table: string) => `read_parquet('${dir}/${table}/**/*.parquet', hive_partitioning=true)`;

describe('DuckDB reads the dataset as-is', () => {
  it.each(TABLE_NAMES)('%s: same row count and values', async (table) => {
    const expected = [...data[12][table], ...data[13][table]];
    const columns = TABLES_V1[table].columns.map((c) => c.name);
    const reader = await con.runAndReadAll(`select ${columns.map((c) => `"${c}"`).join(', ')} from read_parquet('${dir}/${table}/**/*.parquet', hive_partitioning=true, filename=true, file_row_number=true) order by run, filename, file_row_number`);
    const rows = reader.getRowObjectsJS();
    expect(rows.length).toBe(expected.length);
    // Compare column by column; DuckDB returns lists as arrays and floats as JS numbers.
    for (let i = 0; i < rows.length; i++) {
      for (const c of columns) {
        // The Hive partition column `run` comes back as BIGINT.
        const raw = rows[i][c];
        const got = typeof raw === 'bigint' ? Number(raw) : raw;
        const want = (expected[i] as Record<string, unknown>)[c];
        if (typeof want === 'number' && Number.isNaN(want)) expect(Number.isNaN(got as number)).toBe(true);
        else expect(got, `${table} row ${i} column ${c}`).toEqual(want);
      }
    }
  });

  it('sees the Hive partition column and the event offsets point at the right rows', async () => {
    const reader = await con.runAndReadAll(`
      with h as (select run, spill, event, row_number() over (partition by run order by spill, event) - 1 as rn from ${scan('hits')}),
           e as (select run, spill, event, hits_offset, hits_count from ${scan('events')})
      select count(*) as bad from e join h using (run, spill, event)
      where h.rn < e.hits_offset or h.rn >= e.hits_offset + e.hits_count`);
    expect(Number(reader.getRowObjectsJS()[0].bad)).toBe(0);
    const sums = await con.runAndReadAll(`select run, count(*) as n, sum(hits_count) as hits from ${scan('events')} group by run order by run`);
    expect(sums.getRowObjectsJS().map((r) => [Number(r.run), Number(r.n), Number(r.hits)])).toEqual([
      [12, data[12].events.length, data[12].hits.length],
      [13, data[13].events.length, data[13].hits.length],
    ]);
  });

  it('finds our key-value metadata in every file', async () => {
    const reader = await con.runAndReadAll(
      `select file_name, decode(key) as k, decode(value) as v from parquet_kv_metadata('${dir}/*/**/*.parquet') where decode(key) = 'na64.schema_version'`,
    );
    const rows = reader.getRowObjectsJS();
    expect(rows.length).toBeGreaterThan(TABLE_NAMES.length);
    expect(new Set(rows.map((r) => r.v))).toEqual(new Set(['1']));
  });

  it('finds min/max statistics on the event key of the collections and on every column of events', async () => {
    const stats = async (table: string) => {
      const r = await con.runAndReadAll(`select path_in_schema as col, stats_min_value as lo from parquet_metadata('${dir}/${table}/run=12/part-0000.parquet')`);
      return new Map(r.getRowObjectsJS().map((x) => [String(x.col).split(',')[0], x.lo as string | null]));
    };
    const digits = await stats('digits');
    expect(digits.get('run')).toBe('12');
    expect(digits.get('spill')).toBe(String(data[12].digits[0].spill));
    expect(digits.get('event')).not.toBeNull();
    expect(digits.get('channel')).toBeNull();
    expect(digits.get('samples')).toBeNull();
    const events = await stats('events');
    expect(events.get('e_ecal')).not.toBeNull();
  });
});

