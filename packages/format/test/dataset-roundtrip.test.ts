import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dataset, TABLE_NAMES, rowsToBatch, type TableName } from '@na64/format';
import { RunWriter, openDataset } from '@na64/format/node';
import { bundlesOf, sampleRun, type SampleRun } from './helpers/sample-data.ts';

let dir: string;
const runs: Record<number, SampleRun> = { 3855: sampleRun(3855, 3, 40), 3856: sampleRun(3856, 2, 25) };

async function writeRun(ds: string, run: number, data: SampleRun, rowsPerPart: number): Promise<void> {
  const w = await RunWriter.open(ds, run, { setupId: 'invis-2018', command: 'test', rowsPerPart });
  await w.appendSpills(rowsToBatch('spills', data.spills));
  for (const b of bundlesOf(data, 7)) await w.appendEvents(b);
  await w.close();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'na64-rt-'));
  // small parts so every table spans several part files
  await writeRun(dir, 3855, runs[3855], 50);
  await writeRun(dir, 3856, runs[3856], 50);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const expectedRows = (table: TableName) => [...runs[3855][table], ...runs[3856][table]];

describe('dataset round trip', () => {
  it('writes an index with both runs and the row counts of every table', async () => {
    const index = JSON.parse(await readFile(join(dir, 'dataset.json'), 'utf8'));
    expect(index.schemaVersion).toBe(1);
    expect(index.runs.map((r: { run: number }) => r.run)).toEqual([3855, 3856]);
    for (const t of TABLE_NAMES) expect(index.tables[t].rows).toBe(expectedRows(t).length);
    expect(index.tables.hits.files.length).toBeGreaterThan(2);
    expect(index.runs[0].eot).toBe(runs[3855].spills.reduce((s, r) => s + r.eot, 0));
  });

  it('closes a part before it would pass rowsPerPart (bundles of 7 events are smaller than 50 rows of events)', async () => {
    const index = JSON.parse(await readFile(join(dir, 'dataset.json'), 'utf8'));
    const eventParts: { rows: number }[] = index.tables.events.files;
    expect(eventParts.length).toBeGreaterThan(2);
    for (const p of eventParts) expect(p.rows).toBeLessThanOrEqual(50);
    // every part but each run's last is as full as whole 7-event bundles allow
    expect(eventParts.filter((p) => p.rows === 49).length).toBe(eventParts.length - 2);
  });

  it.each(TABLE_NAMES)('reads %s back equal to what was written', async (table) => {
    const ds = await openDataset(dir);
    const rows = Dataset.rows(table, await ds.readTable(table));
    expect(rows).toEqual(expectedRows(table));
  });

  it('reads one event with all its collections', async () => {
    const ds = await openDataset(dir);
    const data = runs[3855];
    const target = data.events[57];
    const ev = await ds.readEvent([3855, target.spill, target.event]);
    expect(ev.event).toEqual(target);
    const same = (r: { spill: number; event: number }) => r.spill === target.spill && r.event === target.event;
    expect(Dataset.rows('hits', ev.hits)).toEqual(data.hits.filter(same));
    expect(Dataset.rows('digits', ev.digits)).toEqual(data.digits.filter(same));
    expect(Dataset.rows('tracks', ev.tracks)).toEqual(data.tracks.filter(same));
    expect(Dataset.rows('truth', ev.truth)).toEqual(data.truth.filter(same));
  });

  it('projects columns and filters runs', async () => {
    const ds = await openDataset(dir);
    const t = await ds.readTable('hits', { columns: ['event', 'energy'], runs: [3856] });
    expect(t.schema.fields.map((f) => f.name)).toEqual(['event', 'energy']);
    expect(Array.from(t.getChild('energy')!.toArray() as Float32Array)).toEqual(runs[3856].hits.map((h) => h.energy));
  });

  it('says clearly when an event does not exist', async () => {
    const ds = await openDataset(dir);
    await expect(ds.readEvent([3855, 9, 1])).rejects.toThrow(/event 3855:9:1 \(run:spill:event\) does not exist/);
  });

  it('writes empty tables as readable empty files', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'na64-empty-'));
    try {
      const data = sampleRun(7, 1, 3);
      const w = await RunWriter.open(empty, 7, { setupId: 'x', command: 'test' });
      await w.appendSpills(rowsToBatch('spills', data.spills));
      await w.appendEvents({ events: rowsToBatch('events', data.events.map((e) => ({ ...e }))) });
      await w.close();
      const ds = await openDataset(empty);
      for (const t of ['digits', 'hits', 'tracks', 'truth'] as const) {
        const table = await ds.readTable(t);
        expect(table.numRows).toBe(0);
        expect(table.schema.fields.length).toBeGreaterThan(3);
      }
      const ev = Dataset.rows('events', await ds.readTable('events'));
      expect(ev.map((e) => e.hits_count)).toEqual([0, 0, 0]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
