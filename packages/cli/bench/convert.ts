// Benchmark of `na64 convert` on simulated runs (`na64 simulate`, invis-2018, 100 GeV electrons,
// with truth sidecars): raw MB/s for reading the file, decoding alone, and the whole conversion
// (decode + digits + reconstruction + truth join + Parquet write), single-threaded and with
// --jobs 2 on two runs; then the Parquet write of one digits part by our engine and by DuckDB.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { RawStreamReader, decodeParquet, encodeParquet } from '@na64/format';
import { openDataset, openRawFile } from '@na64/format/node';

const MB = Number(process.env.BENCH_RAW_MB ?? 200);
/** Raw bytes per simulated event of this sample (measured; only used to size the runs). */
const BYTES_PER_EVENT = 2470;
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

function na64(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', bin, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) throw new Error(`na64 ${args.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

async function simulateRun(path: string, run: number, megabytes: number): Promise<number> {
  const events = Math.ceil((megabytes * 1e6) / BYTES_PER_EVENT);
  na64(['simulate', '--setup', 'invis-2018', '--events', String(events), '--run', String(run), '--seed', String(run), '--jobs', '2', '--out', path]);
  return (await stat(path)).size;
}

/** CPU milliseconds of `f` in this process (median of `n`). */
async function cpuMs(n: number, f: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    await f();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  return times.sort((a, b) => a - b)[n >> 1];
}

const dir = await mkdtemp(join(tmpdir(), 'na64-convert-bench-'));
try {
  const single = join(dir, 'run1.dat');
  const size = await simulateRun(single, 4001, MB);
  const halves = [join(dir, 'a.dat'), join(dir, 'b.dat')];
  const halfSizes = [await simulateRun(halves[0], 4002, MB / 2), await simulateRun(halves[1], 4003, MB / 2)];
  const load = loadavg()[0];

  let t0 = performance.now();
  await readFile(single);
  const tRead = (performance.now() - t0) / 1000;

  t0 = performance.now();
  const reader = new RawStreamReader(openRawFile(single), { sourceKinds: new Map() });
  let events = 0;
  for await (const _ of reader) events++;
  const tDecodeRawWords = (performance.now() - t0) / 1000;

  // Process start-up (tsx, wasm) is part of what a user waits for; it is measured separately.
  const tStartup = na64(['info', '--help']);
  const tConvert = na64(['convert', single, '--out', join(dir, 'ds1')]);
  const tJobs1 = na64(['convert', ...halves, '--out', join(dir, 'ds2'), '--jobs', '1']);
  const tJobs2 = na64(['convert', ...halves, '--out', join(dir, 'ds3'), '--jobs', '2']);

  // The Parquet write of the first digits part, by our engine and by DuckDB (one thread each).
  const ds = await openDataset(join(dir, 'ds1'));
  const part = ds.index.tables.digits.files[0];
  const partPath = join(dir, 'ds1', part.path);
  const digits = decodeParquet(await readFile(partPath), partPath);
  const partRawMb = (size / 1e6) * (part.rows / ds.index.tables.digits.rows);
  const oursMs = await cpuMs(5, () => encodeParquet('digits', digits, new Map()));
  const duck = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
  await duck.run(`CREATE TABLE d AS SELECT * FROM read_parquet('${partPath}')`);
  const duckT0 = performance.now();
  const duckRuns = 5;
  for (let i = 0; i < duckRuns; i++) await duck.run(`COPY d TO '${join(dir, 'duck.parquet')}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)`);
  const duckMs = (performance.now() - duckT0) / duckRuns;

  const mb = size / 1e6;
  const halfMb = (halfSizes[0] + halfSizes[1]) / 1e6;
  const rate = (m: number, t: number) => `${(m / t).toFixed(0)} MB/s`;
  const lines = [
    `Convert benchmark: ${mb.toFixed(0)} MB simulated raw run (${events} raw events, invis-2018, 100 GeV electrons, truth sidecar), and the same volume as two runs for --jobs.`,
    `Machine: ${cpus()[0]?.model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${load.toFixed(1)} before the timings. Wall-clock times include process start-up (${tStartup.toFixed(1)} s, measured alone).`,
    '',
    '| what | time | raw MB/s |',
    '|---|---|---|',
    `| read the file (page cache; the I/O limit) | ${tRead.toFixed(2)} s | ${rate(mb, tRead)} |`,
    `| decode only, payloads kept as words (framing, headers, resync checks) | ${tDecodeRawWords.toFixed(2)} s | ${rate(mb, tDecodeRawWords)} |`,
    `| na64 convert, 1 run (decode + digits + reconstruction + truth + Parquet write) | ${tConvert.toFixed(2)} s | ${rate(mb, tConvert)} (${rate(mb, tConvert - tStartup)} without start-up) |`,
    `| na64 convert --jobs 1, 2 runs | ${tJobs1.toFixed(2)} s | ${rate(halfMb, tJobs1)} |`,
    `| na64 convert --jobs 2, 2 runs | ${tJobs2.toFixed(2)} s | ${rate(halfMb, tJobs2)} |`,
    '',
    `Speed-up with --jobs 2: ${(tJobs1 / tJobs2).toFixed(2)}x (target >= 1.8x); end to end per core: ${(mb / tConvert).toFixed(0)} MB/s (target >= 100 MB/s).`,
    '',
    `Parquet write of one digits part (${part.rows} rows, the digits of ${partRawMb.toFixed(1)} MB of raw data), one thread:`,
    '',
    '| writer | time | raw MB/s equivalent |',
    '|---|---|---|',
    `| ours (parquet-wasm, ZSTD; CPU time, median of 5) | ${oursMs.toFixed(0)} ms | ${rate(partRawMb, oursMs / 1000)} |`,
    `| DuckDB COPY TO parquet (ZSTD, 1 thread; wall, mean of ${duckRuns}) | ${duckMs.toFixed(0)} ms | ${rate(partRawMb, duckMs / 1000)} |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
