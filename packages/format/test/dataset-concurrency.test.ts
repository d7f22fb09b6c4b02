import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateDataset } from '@na64/format';
import { FsDatasetStore } from '@na64/format/node';
import { sampleRun } from './helpers/sample-data.ts';

const script = fileURLToPath(new URL('./helpers/write-run-process.ts', import.meta.url));
let dir: string;

function writeRun(run: number, mode = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, String(run), mode], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 || mode ? resolve(code ?? -1) : reject(new Error(`writer of run ${run} failed: ${err}`))));
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'na64-conc-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('several writers, one dataset', () => {
  it('processes converting different runs at the same time all end up in the index', async () => {
    await Promise.all([11, 12, 13, 14].map((r) => writeRun(r)));
    const index = JSON.parse(await readFile(join(dir, 'dataset.json'), 'utf8'));
    expect(index.runs.map((r: { run: number }) => r.run)).toEqual([11, 12, 13, 14]);
    expect(index.tables.events.rows).toBe(4 * 80);
    expect(index.tables.hits.rows).toBe([11, 12, 13, 14].reduce((n, r) => n + sampleRun(r, 2, 40).hits.length, 0));
    const report = await validateDataset(new FsDatasetStore(dir));
    expect(report.problems).toEqual([]);
  });

  it('a writer killed midway leaves nothing that looks complete, and a rerun replaces it cleanly', async () => {
    await writeRun(21);
    expect(await writeRun(22, 'die-midway')).toBe(9);
    const index = JSON.parse(await readFile(join(dir, 'dataset.json'), 'utf8'));
    expect(index.runs.map((r: { run: number }) => r.run)).toEqual([21]);
    expect(await readdir(join(dir, 'hits'))).toEqual(['run=21']);
    expect((await validateDataset(new FsDatasetStore(dir))).ok).toBe(true);
    await writeRun(22);
    await writeRun(21); // rerun of a finished run overwrites it
    const after = JSON.parse(await readFile(join(dir, 'dataset.json'), 'utf8'));
    expect(after.runs.map((r: { run: number }) => r.run)).toEqual([21, 22]);
    expect(after.tables.events.rows).toBe(160);
    expect(await readdir(join(dir, '_staging'))).toEqual([]);
    expect((await validateDataset(new FsDatasetStore(dir))).problems).toEqual([]);
  });
});
