import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// parquetjs-lite is only a compatibility target: files of the `compat` profile must read back right.
import parquet from 'parquetjs-lite';
import { TABLE_NAMES, TABLES_V1, rowsToBatch, type TableName } from '@na64/format';
import { RunWriter } from '@na64/format/node';
import { bundlesOf, sampleRun } from './helpers/sample-data.ts';

const data = sampleRun(21, 2, 15);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'na64-compat-'));
  const w = await RunWriter.open(dir, 21, { setupId: 'invis-2018', command: 'test', profile: 'compat' });
  await w.appendSpills(rowsToBatch('spills', data.spills));
  for (const b of bundlesOf(data, 10)) await w.appendEvents(b);
  await w.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readWithParquetjs(table: TableName): Promise<Record<string, unknown>[]> {
  const reader = await parquet.ParquetReader.openFile(join(dir, table, 'run=21', 'part-0000.parquet'));
  const cursor = reader.getCursor();
  const rows: Record<string, unknown>[] = [];
  for (let r = await cursor.next(); r; r = await cursor.next()) rows.push(r);
  await reader.close();
  return rows;
}

/** parquetjs-lite returns a 3-level list as { list: [{ item }] } and an empty list as {}; flatten it. */
function plain(value: unknown, isList: boolean): unknown {
  if (!isList) return value;
  return ((value as { list?: { item: unknown }[] }).list ?? []).map((e) => e.item);
}

describe('compat profile', () => {
  it.each(TABLE_NAMES)('parquetjs-lite reads %s back correctly', async (table) => {
    const rows = await readWithParquetjs(table);
    const expected = data[table];
    expect(rows.length).toBe(expected.length);
    for (let i = 0; i < rows.length; i++) {
      for (const c of TABLES_V1[table].columns) {
        const want = (expected[i] as Record<string, unknown>)[c.name];
        const got = plain(rows[i][c.name], c.kind.startsWith('list<'));
        if (typeof want === 'number' && Number.isNaN(want)) expect(Number.isNaN(got as number)).toBe(true);
        else expect(got, `${table}[${i}].${c.name}`).toEqual(want);
      }
    }
  });
});
