// Benchmark: our Parquet write and full read of a hits table next to DuckDB's write and scan of
// the same table, and the raw read speed of the file, in the same run.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { TABLES_V1, type BatchOf } from '@na64/format';
import { RunWriter, openDataset } from '@na64/format/node';
import { bestOf, machineLine } from './machine.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 2 ** 20);
const HITS_PER_EVENT = 64;

function hitsBatch(n: number): BatchOf<'hits'> {
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const i32 = (f: (i: number) => number) => Int32Array.from({ length: n }, (_, i) => f(i));
  const f32 = (f: (i: number) => number) => Float32Array.from({ length: n }, (_, i) => f(i));
  const detectors = ['ECAL', 'HCAL', 'MM1', 'MM2', 'SRD', 'VETO'];
  return {
    run: new Int32Array(n).fill(3855),
    spill: i32((i) => 1 + Math.floor(i / (HITS_PER_EVENT * 10000))),
    event: i32((i) => Math.floor(i / HITS_PER_EVENT) % 10000),
    detector: Array.from({ length: n }, (_, i) => detectors[i % detectors.length]),
    ix: i32((i) => i % 6), iy: i32((i) => (i >> 3) % 6), layer: i32((i) => i & 1), plane: new Int32Array(n).fill(-1),
    strip: new Float32Array(n).fill(Number.NaN), cluster_size: new Int32Array(n).fill(1),
    energy: f32(() => rnd() * 50), charge: f32(() => rnd() * 4000), time: f32(() => rnd() * 100),
    x: f32((i) => (i % 6) * 38.2 - 95.5), y: f32((i) => ((i >> 3) % 6) * 38.2 - 95.5), z: f32((i) => 16000 + (i & 1) * 100),
    truth: i32((i) => (i % 5) - 1),
  };
}

function eventsFor(hits: BatchOf<'hits'>): BatchOf<'events'> {
  const n = hits.run.length / HITS_PER_EVENT;
  const batch: Record<string, unknown> = {};
  for (const c of TABLES_V1.events.columns) {
    if (c.kind === 'list<float32>') batch[c.name] = { offsets: new Int32Array(n + 1), values: new Float32Array(0) };
    else if (c.kind === 'int32') batch[c.name] = new Int32Array(n);
    else if (c.kind === 'float32') batch[c.name] = new Float32Array(n);
    else batch[c.name] = new Float64Array(n);
  }
  for (let e = 0; e < n; e++) {
    (batch.run as Int32Array)[e] = 3855;
    (batch.spill as Int32Array)[e] = hits.spill[e * HITS_PER_EVENT];
    (batch.event as Int32Array)[e] = hits.event[e * HITS_PER_EVENT];
  }
  return batch as BatchOf<'events'>;
}

function columnBytes(b: BatchOf<'hits'>): number {
  let bytes = 0;
  for (const v of Object.values(b)) bytes += Array.isArray(v) ? v.reduce((n: number, s: string) => n + s.length, 0) : (v as ArrayBufferView).byteLength;
  return bytes;
}

const dir = await mkdtemp(join(tmpdir(), 'na64-bench-'));
try {
  const hits = hitsBatch(ROWS);
  const events = eventsFor(hits);
  const memBytes = columnBytes(hits);
  const mb = memBytes / 1e6;
  let k = 0;
  const writeOnce = async () => {
    const ds = join(dir, `w${k++}`);
    const w = await RunWriter.open(ds, 3855, { setupId: 'bench', command: 'bench', rowsPerPart: ROWS });
    await w.appendEvents({ events, hits });
    await w.close();
  };
  const tWrite = await bestOf(5, writeOnce);
  const ds = join(dir, 'w0');
  const file = join(ds, 'hits/run=3855/part-0000.parquet');
  const fileBytes = (await stat(file)).size;

  let checksum = 0;
  const tRead = await bestOf(5, async () => {
    const d = await openDataset(ds);
    const t = await d.readTable('hits');
    for (const f of t.schema.fields) {
      const col = t.getChild(f.name)!;
      // Arrow keeps strings as UTF-8 bytes + offsets (typed arrays); materialising 1M JS strings
      // would measure the JS heap, not the reader.
      checksum += f.name === 'detector' ? col.data[0].values.length : col.toArray().length;
    }
    d.close();
  });

  const tDisk = await bestOf(3, async () => {
    const b = await readFile(file);
    checksum += b[b.length - 1];
  });

  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await db.connect();
  await con.run(`create table hits as select * from read_parquet('${file}')`);
  const tDuckWrite = await bestOf(3, async () => {
    await con.run(`copy hits to '${join(dir, 'duck.parquet')}' (format parquet, compression zstd)`);
  });
  const numeric = TABLES_V1.hits.columns.filter((c) => c.kind !== 'utf8').map((c) => `sum("${c.name}")`);
  const tDuckScan = await bestOf(3, async () => {
    await con.runAndReadAll(`select count(*), sum(length(detector)), ${numeric.join(', ')} from read_parquet('${file}')`);
  });

  const line = (name: string, t: number) => `| ${name} | ${(ROWS / t / 1e6).toFixed(2)} M rows/s | ${(mb / t).toFixed(0)} MB/s | ${(t * 1000).toFixed(0)} ms |`;
  const out = [
    `Dataset I/O benchmark: hits table, ${ROWS.toLocaleString('en')} rows x ${TABLES_V1.hits.columns.length} columns, ${mb.toFixed(1)} MB in memory, ${(fileBytes / 1e6).toFixed(1)} MB as Parquet (ZSTD)`,
    `Machine: ${machineLine()}; best of 5 after a warm-up (DuckDB: best of 3); MB/s counts in-memory column bytes.`,
    '',
    '| what | rows/s | MB/s | time |',
    '|---|---|---|---|',
    line('na64 write (RunWriter, fast profile)', tWrite),
    line('DuckDB write (COPY TO parquet, zstd, 2 threads)', tDuckWrite),
    line('na64 full read into typed arrays', tRead),
    line('DuckDB scan of the same file (sum of every column, 2 threads)', tDuckScan),
    `| read the file bytes (page cache; the I/O limit) | - | ${(fileBytes / 1e6 / tDisk).toFixed(0)} MB/s (file) | ${(tDisk * 1000).toFixed(0)} ms |`,
    '',
    `Ratios: write ${(tDuckWrite / tWrite).toFixed(2)} x DuckDB (target >= 0.33), read ${(tDuckScan / tRead).toFixed(2)} x DuckDB (target >= 0.5).`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  if (checksum === 0) throw new Error('benchmark read nothing');
} finally {
  if (!process.env.BENCH_KEEP) await rm(dir, { recursive: true, force: true }); else process.stdout.write(`kept ${dir}\n`);
}
