import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeParquet, fileMetadataToMap, newFileMetadata, rowsToBatch, batchToArrow } from '@na64/format';
import { RunWriter } from '@na64/format/node';
import { bundlesOf, sampleRun } from '../../format/test/helpers/sample-data.ts';
import { runCli } from './helpers/run-cli.ts';

let root: string;
let good: string;
const data = sampleRun(3855, 2, 12);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'na64-cli-'));
  good = join(root, 'good');
  const w = await RunWriter.open(good, 3855, { setupId: 'invis-2018', command: 'na64 test' });
  await w.appendSpills(rowsToBatch('spills', data.spills));
  for (const b of bundlesOf(data, 5)) await w.appendEvents(b);
  await w.close();
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function brokenCopy(name: string): Promise<string> {
  const dir = join(root, name);
  await cp(good, dir, { recursive: true });
  return dir;
}

/** A user mistake gives exactly one line on stderr naming the file, and no stack trace. */
function expectOneLineError(r: { status: number; stderr: string }, pattern: RegExp): void {
  expect(r.status).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines.length, r.stderr).toBe(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('na64 info', () => {
  it('prints the stable JSON document', () => {
    const r = runCli(['info', good, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.schemaVersion).toBe(1);
    expect(info.tables.events.rows).toBe(data.events.length);
    expect(info.tables.hits.rows).toBe(data.hits.length);
    expect(info.runs).toEqual([{ run: 3855, spills: 2, events: 24, eot: data.spills[0].eot + data.spills[1].eot, setupId: 'invis-2018' }]);
    expect(info.setupIds).toEqual(['invis-2018']);
  });

  it('describes a single Parquet file', () => {
    const r = runCli(['info', join(good, 'hits', 'run=3855', 'part-0000.parquet'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).tables.hits.rows).toBe(data.hits.length);
  });

  it('rejects a truncated Parquet file', async () => {
    const file = join(root, 'truncated.parquet');
    await cp(join(good, 'hits', 'run=3855', 'part-0000.parquet'), file);
    await truncate(file, 100);
    expectOneLineError(runCli(['info', file]), /truncated\.parquet: not a readable Parquet file/);
  });

  it('rejects a file that is not Parquet', async () => {
    const file = join(root, 'notes.parquet');
    await writeFile(file, 'these are my notes, not a Parquet file\n');
    expectOneLineError(runCli(['info', file]), /notes\.parquet: not a readable Parquet file/);
  });

  it('rejects a wrong schema version', async () => {
    const file = join(root, 'v2.parquet');
    const meta = { ...newFileMetadata('hits', 1, 'x', '0.0.0', 'test'), schemaVersion: 2 };
    await writeFile(file, encodeParquet('hits', batchToArrow('hits', rowsToBatch('hits', data.hits)), fileMetadataToMap(meta)));
    expectOneLineError(runCli(['info', file]), /v2\.parquet: schema version 2 found; this reader supports version 1/);
  });

  it('rejects a directory that is not a dataset', async () => {
    expectOneLineError(runCli(['info', root]), /no dataset\.json found/);
  });
});

describe('na64 validate', () => {
  it('passes a good dataset', () => {
    const r = runCli(['validate', good]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ok \(6 files/);
  });

  it('reports a missing table', async () => {
    const dir = await brokenCopy('missing-table');
    await rm(join(dir, 'tracks'), { recursive: true });
    const r = runCli(['validate', dir, '--json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.problems).toContainEqual({ file: 'tracks/run=3855/part-0000.parquet', message: 'listed in the index but missing' });
  });

  it('reports a manifest that disagrees with the files', async () => {
    const dir = await brokenCopy('bad-manifest');
    const index = JSON.parse(await readFile(join(dir, 'dataset.json'), 'utf8'));
    index.tables.hits.files[0].rows += 5;
    await writeFile(join(dir, 'dataset.json'), JSON.stringify(index));
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`hits/run=3855/part-0000.parquet: index says ${data.hits.length + 5} rows, file has ${data.hits.length}`);
  });

  it('reports a stray file and a truncated part', async () => {
    const dir = await brokenCopy('stray');
    await cp(join(dir, 'hits', 'run=3855', 'part-0000.parquet'), join(dir, 'hits', 'run=3855', 'part-0001.parquet'));
    await truncate(join(dir, 'truth', 'run=3855', 'part-0000.parquet'), 64);
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('hits/run=3855/part-0001.parquet: file is not in the index');
    expect(r.stdout).toMatch(/truth\/run=3855\/part-0000\.parquet: .*not a readable Parquet file/);
  });

  it('reports offsets that point outside their table', async () => {
    const dir = await brokenCopy('offsets');
    const events = data.events.map((e, i) => ({ ...e, hits_count: i === 3 ? e.hits_count + 100 : e.hits_count }));
    const meta = newFileMetadata('events', 3855, 'invis-2018', '0.1.0', 'test');
    const bytes = encodeParquet('events', batchToArrow('events', rowsToBatch('events', events)), fileMetadataToMap(meta));
    await writeFile(join(dir, 'events', 'run=3855', 'part-0000.parquet'), bytes);
    runCli(['index', dir]);
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`events/run=3855: row 3: hits rows \\d+\\.\\.\\d+ run past the ${data.hits.length} rows of hits`));
  });

  it('index rebuilds dataset.json from the files', async () => {
    const dir = await brokenCopy('reindex');
    await rm(join(dir, 'dataset.json'));
    await rm(join(dir, '_runs'), { recursive: true });
    expect(runCli(['index', dir]).status).toBe(0);
    const rebuilt = JSON.parse(await readFile(join(dir, 'dataset.json'), 'utf8'));
    const original = JSON.parse(await readFile(join(good, 'dataset.json'), 'utf8'));
    expect(rebuilt.tables).toEqual(original.tables);
    expect(rebuilt.runs[0].eot).toBe(original.runs[0].eot);
    expect(runCli(['validate', dir]).status).toBe(0);
  });
});

describe('na64 validate, column types', () => {
  it('reports a column whose type differs from schema v1', async () => {
    const dir = await brokenCopy('types');
    const { tableFromArrays } = await import('apache-arrow');
    const hits = tableFromArrays({ run: Int32Array.from(data.hits.map((h) => h.run)), spill: Int32Array.from(data.hits.map((h) => h.spill)), event: Int32Array.from(data.hits.map((h) => h.event)), energy: Float64Array.from(data.hits.map((h) => h.energy)) });
    const meta = newFileMetadata('hits', 3855, 'invis-2018', '0.1.0', 'test');
    const { encodeParquet: encode } = await import('@na64/format');
    await writeFile(join(dir, 'hits', 'run=3855', 'part-0000.parquet'), encode('hits', hits as never, fileMetadataToMap(meta), 'compat'));
    runCli(['index', dir]);
    const r = runCli(['validate', dir]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout, r.stderr).toContain('hits/run=3855/part-0000.parquet: columns missing for schema v1 hits: detector');
    expect(r.stdout).toContain('hits/run=3855/part-0000.parquet: column energy is Float64, schema v1 says Float32');
  });
});
