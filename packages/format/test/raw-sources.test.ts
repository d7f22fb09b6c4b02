// Node byte sources: files, chunk files of one run, gzip by magic bytes, readables; atomic file sink.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { RawStreamReader, RawWriter, encodeRawStream } from '@na64/format';
import type { RawEvent } from '@na64/format';
import { openRawFile, openRawFiles, atomicFileSink, rawFromReadable } from '@na64/format/node';
import { TEST_SOURCE_KINDS, seededRun } from './raw-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'na64-raw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(source: AsyncIterable<Uint8Array>) {
  const reader = new RawStreamReader(source, { sourceKinds: TEST_SOURCE_KINDS });
  const events: RawEvent[] = [];
  const offsets: number[] = [];
  for await (const r of reader) {
    events.push(r.event);
    offsets.push(r.byteOffset);
  }
  return { events, offsets, problems: reader.problems, summary: reader.summary() };
}

describe('raw sources (node)', () => {
  const events = seededRun(21, 40);
  const bytes = encodeRawStream(events);

  it('reads a plain file in small chunks', async () => {
    const f = join(dir, 'run.dat');
    writeFileSync(f, bytes);
    const r = await readAll(openRawFile(f, { chunkBytes: 777 }));
    expect(r.events).toEqual(events);
    expect(r.problems).toEqual([]);
  });

  it('gunzips by magic bytes, whatever the file is called', async () => {
    const f = join(dir, 'run-compressed.dat');
    writeFileSync(f, gzipSync(bytes));
    const r = await readAll(openRawFile(f, { chunkBytes: 1000 }));
    expect(r.events).toEqual(events);
    expect(r.summary.bytesRead).toBe(bytes.length);
  });

  it('a truncated .gz gives the events before the cut and a truncated-event problem', async () => {
    const f = join(dir, 'cut.dat.gz');
    const gz = gzipSync(bytes);
    writeFileSync(f, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const r = await readAll(openRawFile(f));
    expect(r.events.length).toBeGreaterThan(5);
    expect(r.events.length).toBeLessThan(events.length);
    expect(r.events).toEqual(events.slice(0, r.events.length));
    expect(r.problems.map((p) => p.reason)).toEqual(['truncated']);
    expect(r.problems[0].byteOffset).toBe(encodeRawStream(r.events).length);
  });

  it('joins the chunk files of one run in order, offsets continuing across files', async () => {
    const cut1 = 5000;
    const cut2 = 9001; // in the middle of an event
    const paths = [join(dir, 'run.0'), join(dir, 'run.1'), join(dir, 'run.2')];
    writeFileSync(paths[0], bytes.subarray(0, cut1));
    writeFileSync(paths[1], gzipSync(bytes.subarray(cut1, cut2)));
    writeFileSync(paths[2], bytes.subarray(cut2));
    const r = await readAll(openRawFiles(paths, { chunkBytes: 4096 }));
    expect(r.events).toEqual(events);
    const direct = await readAll(rawFromReadable(Readable.from([bytes])));
    expect(r.offsets).toEqual(direct.offsets);
  });

  it('reads any readable (what rawStdin uses), gzip whose first chunk is a single byte', async () => {
    const gz = gzipSync(bytes);
    const parts = [gz.subarray(0, 1)];
    for (let i = 1; i < gz.length; i += 64) parts.push(gz.subarray(i, i + 64));
    const oneByte = Readable.from(parts);
    const r = await readAll(rawFromReadable(oneByte));
    expect(r.events).toEqual(events);
  });

  it('atomicFileSink writes atomically through RawWriter', async () => {
    const f = join(dir, 'written.dat');
    const sink = atomicFileSink(f);
    const w = new RawWriter(sink.write, { chunkBytes: 2048 });
    for (const e of events) await w.write(e);
    await w.close();
    expect(existsSync(f)).toBe(false);
    await sink.close();
    expect(Buffer.from(readFileSync(f)).equals(Buffer.from(bytes))).toBe(true);
    expect(existsSync(`${f}.partial`)).toBe(false);
  });
});
