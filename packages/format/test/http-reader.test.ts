import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import serveStatic from 'serve-static';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dataset, HttpDatasetStore, rowsToBatch } from '@na64/format';
import { RunWriter } from '@na64/format/node';
import { bundlesOf, sampleRun } from './helpers/sample-data.ts';

// The browser reads datasets over HTTP with range requests; the same code path runs here in Node.
let dir: string;
let server: Server;
let base: string;
const ranges: string[] = [];
const data = sampleRun(100, 3, 30);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'na64-http-'));
  const w = await RunWriter.open(dir, 100, { setupId: 'invis-2018', command: 'test', rowsPerPart: 60 });
  await w.appendSpills(rowsToBatch('spills', data.spills));
  for (const b of bundlesOf(data, 6)) await w.appendEvents(b);
  await w.close();
  const serve = serveStatic(dir, { acceptRanges: true });
  server = createServer((req, res) => {
    if (req.headers.range) ranges.push(`${req.url} ${req.headers.range}`);
    serve(req, res, () => {
      res.statusCode = 404;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('reading a dataset over HTTP', () => {
  it('opens the index and reads one event by range requests only', async () => {
    const ds = await Dataset.open(new HttpDatasetStore(base));
    expect(ds.runs()).toEqual([100]);
    const target = data.events[70];
    ranges.length = 0;
    const ev = await ds.readEvent([100, target.spill, target.event]);
    expect(ev.event).toEqual(target);
    const same = (r: { spill: number; event: number }) => r.spill === target.spill && r.event === target.event;
    expect(Dataset.rows('hits', ev.hits)).toEqual(data.hits.filter(same));
    expect(Dataset.rows('truth', ev.truth)).toEqual(data.truth.filter(same));
    expect(ranges.length).toBeGreaterThan(0);
    // Only the part files that hold the event were touched.
    const touched = new Set(ranges.map((r) => r.split(' ')[0].split('/')[1]));
    expect([...touched].sort()).toEqual(['digits', 'events', 'hits', 'tracks', 'truth'].filter((t) => touched.has(t)));
    const hitParts = new Set(ranges.filter((r) => r.startsWith('/hits/')).map((r) => r.split(' ')[0]));
    expect(hitParts.size).toBe(1);
  });

  it('reads a whole table in batches', async () => {
    const ds = await Dataset.open(new HttpDatasetStore(base));
    let rows = 0;
    for await (const t of ds.batches('hits', { columns: ['energy'] })) rows += t.numRows;
    expect(rows).toBe(data.hits.length);
  });

  it('says clearly when the URL holds no dataset', async () => {
    await expect(Dataset.open(new HttpDatasetStore(`${base}nothing/`))).rejects.toThrow(/nothing\/: no dataset\.json found/);
  });
});
