import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParquetReader, ParquetStreamWriter, arrowToRows, batchToArrow, decodeParquet, rowsToBatch, type RowOf } from '@na64/format';
import { atomicFileSink } from '@na64/format/node';
import { sampleRun } from './helpers/sample-data.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'na64-pqstream-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const truth = sampleRun(7, 3, 40).truth;
const meta = new Map([['na64.test', 'stream']]);
const blocks = (rows: RowOf<'truth'>[], size: number) => {
  const out = [];
  for (let i = 0; i < rows.length; i += size) out.push(batchToArrow('truth', rowsToBatch('truth', rows.slice(i, i + size))));
  return out;
};

/** Collects the sink's chunks; optionally fails on the n-th chunk. */
function memorySink(failAt = -1) {
  const chunks: Uint8Array[] = [];
  return {
    chunks,
    write: async (c: Uint8Array) => {
      if (chunks.length === failAt) throw new Error('disk full');
      chunks.push(c.slice());
    },
    bytes: () => Buffer.concat(chunks),
  };
}

describe('ParquetStreamWriter', () => {
  it('writes tables handed in one by one as one file with row groups of the given size', async () => {
    expect(truth.length).toBeGreaterThan(100);
    const sink = memorySink();
    const w = new ParquetStreamWriter('truth', meta, sink.write, { rowGroupRows: 50 });
    for (const t of blocks(truth, 37)) await w.write(t);
    expect(w.rows).toBe(truth.length);
    await w.close();
    const file = sink.bytes();
    expect(arrowToRows('truth', decodeParquet(file))).toEqual(truth);
    const reader = await ParquetReader.fromBlob(new Blob([file]), 'stream.parquet');
    const info = reader.info();
    reader.close();
    expect(info.rowGroups.reduce((a, b) => a + b, 0)).toBe(truth.length);
    expect(info.rowGroups.slice(0, -1).every((n) => n === 50)).toBe(true);
    expect(info.rowGroups.length).toBe(Math.ceil(truth.length / 50));
    expect(info.keyValue.get('na64.test')).toBe('stream');
  });

  it('through an atomic file sink: DuckDB reads the same rows; no file before close', async () => {
    const f = join(dir, 'truth.parquet');
    const sink = atomicFileSink(f);
    const w = new ParquetStreamWriter('truth', meta, sink.write, { profile: 'quick', rowGroupRows: 64 });
    for (const t of blocks(truth, 29)) await w.write(t);
    await w.close();
    expect(existsSync(f)).toBe(false);
    await sink.close();
    expect(existsSync(`${f}.partial`)).toBe(false);
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await con.runAndReadAll(`select event, pdg, process, e, weight from read_parquet('${f}') order by spill, event, file_row_number`)).getRowObjectsJS();
    const key = (r: RowOf<'truth'>) => r.spill * 1000 + r.event;
    const sorted = [...truth].sort((a, b) => key(a) - key(b));
    expect(rows.map((r) => [r.event, r.pdg, r.process, r.e, r.weight])).toEqual(sorted.map((r) => [r.event, r.pdg, r.process, r.e, r.weight]));
    expect(arrowToRows('truth', decodeParquet(readFileSync(f)))).toEqual(truth);
  });

  it('closing without rows gives a valid empty file', async () => {
    const sink = memorySink();
    const w = new ParquetStreamWriter('truth', meta, sink.write);
    await w.close();
    const t = decodeParquet(sink.bytes());
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => f.name)).toContain('process');
  });

  it("a failing sink's error reaches the writer unchanged", async () => {
    const sink = memorySink(0);
    const w = new ParquetStreamWriter('truth', meta, sink.write, { rowGroupRows: 10 });
    const attempt = async () => {
      for (const t of blocks(truth, 20)) await w.write(t);
      await w.close();
    };
    await expect(attempt()).rejects.toThrow('disk full');
  });

  it('encodes on while the sink writes a row group, with one chunk in the sink at a time', async () => {
    const chunks: Uint8Array[] = [];
    let inSink = 0;
    let mostInSink = 0;
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const sink = async (c: Uint8Array) => {
      mostInSink = Math.max(mostInSink, ++inSink);
      if (chunks.length === 0) await firstHeld;
      else await new Promise((resolve) => setTimeout(resolve, 2));
      chunks.push(c.slice());
      inSink--;
    };
    const w = new ParquetStreamWriter('truth', meta, sink, { rowGroupRows: 10 });
    const parts = blocks(truth, 10);
    // The first row group stays in the sink; the next blocks are still taken.
    for (const t of parts.slice(0, 12)) await w.write(t);
    expect(chunks.length).toBe(0);
    releaseFirst();
    for (const t of parts.slice(12)) await w.write(t);
    await w.close();
    expect(mostInSink).toBe(1);
    expect(arrowToRows('truth', decodeParquet(Buffer.concat(chunks)))).toEqual(truth);
  });

  it('refuses writes after close; abort leaves no usable file', async () => {
    const sink = memorySink();
    const w = new ParquetStreamWriter('truth', meta, sink.write);
    await w.write(blocks(truth, 30)[0]);
    await w.abort();
    expect(() => decodeParquet(sink.bytes())).toThrow();
    const w2 = new ParquetStreamWriter('truth', meta, memorySink().write);
    await w2.close();
    await expect(w2.write(blocks(truth, 30)[0])).rejects.toThrow(/closed/);
  });
});

describe('atomicFileSink', () => {
  it('keeps call order when writes are not awaited, and abort removes the partial file', async () => {
    const f = join(dir, 'order.bin');
    const sink = atomicFileSink(f);
    const parts = Array.from({ length: 50 }, (_, i) => new Uint8Array(1000 + i).fill(i));
    await Promise.all(parts.map((p) => sink.write(p)));
    await sink.close();
    expect(Buffer.from(readFileSync(f)).equals(Buffer.concat(parts))).toBe(true);
    const g = join(dir, 'aborted.bin');
    const s2 = atomicFileSink(g);
    await s2.write(parts[0]);
    await s2.abort();
    expect(existsSync(g) || existsSync(`${g}.partial`)).toBe(false);
  });

  it('a directory that does not exist fails the first write with the path, not the process', async () => {
    const sink = atomicFileSink(join(dir, 'missing', 'x.bin'));
    await new Promise((r) => setTimeout(r, 20));
    await expect(sink.write(new Uint8Array(4))).rejects.toThrow(/missing/);
    await sink.abort();
  });
});
