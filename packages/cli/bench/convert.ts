// Benchmark of `na64 convert`: raw MB/s for reading the file, decode alone, and decode + digits +
// Parquet write, on runs of MSADC-heavy events, single-threaded and with --jobs 2 on two runs.
import { spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RawStreamReader, RawWriter } from '@na64/format';
import { openRawFile, rawFileSink } from '@na64/format/node';
import { newRawRunTruth, rawRunEvents } from '../test/helpers/raw-run.ts';

const MB = Number(process.env.BENCH_RAW_MB ?? 200);
const CELLS = 108; // every ECAL (72) and HCAL (36) channel read out, 32 samples each
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

async function writeRun(path: string, run: number, megabytes: number): Promise<number> {
  const sink = rawFileSink(path);
  const writer = new RawWriter(sink.write);
  const eventsPerSpill = 2000;
  const bytesPerEvent = 7400;
  const spills = Math.max(1, Math.ceil((megabytes * 1e6) / bytesPerEvent / eventsPerSpill));
  for (const e of rawRunEvents(run, spills, eventsPerSpill, newRawRunTruth(run, spills, eventsPerSpill), CELLS)) await writer.write(e);
  await writer.close();
  await sink.close();
  return (await stat(path)).size;
}

function timeCli(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', bin, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) throw new Error(`na64 ${args.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

const dir = await mkdtemp(join(tmpdir(), 'na64-convert-bench-'));
try {
  const single = join(dir, 'run1.dat');
  const size = await writeRun(single, 5001, MB);
  const halves = [join(dir, 'a.dat'), join(dir, 'b.dat')];
  const halfSizes = [await writeRun(halves[0], 5002, MB / 2), await writeRun(halves[1], 5003, MB / 2)];

  let t0 = performance.now();
  await readFile(single);
  const tRead = (performance.now() - t0) / 1000;

  t0 = performance.now();
  const reader = new RawStreamReader(openRawFile(single), { sourceKinds: new Map() });
  let events = 0;
  for await (const _ of reader) events++;
  const tDecodeRawWords = (performance.now() - t0) / 1000;

  // Process start-up (tsx, wasm) is part of what a user waits for; it is measured separately.
  const tStartup = timeCli(['info', '--help']);
  const tConvert = timeCli(['convert', single, '--out', join(dir, 'ds1')]);
  const tJobs1 = timeCli(['convert', ...halves, '--out', join(dir, 'ds2'), '--jobs', '1']);
  const tJobs2 = timeCli(['convert', ...halves, '--out', join(dir, 'ds3'), '--jobs', '2']);
  const mb = size / 1e6;
  const halfMb = (halfSizes[0] + halfSizes[1]) / 1e6;
  const rate = (m: number, t: number) => `${(m / t).toFixed(0)} MB/s`;
  const lines = [
    `Convert benchmark: ${mb.toFixed(0)} MB raw run (${events} events of ${CELLS} MSADC channels x 32 samples), and the same volume as two runs for --jobs.`,
    `Machine: ${cpus()[0]?.model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. Wall-clock times include process start-up (${tStartup.toFixed(1)} s, measured alone).`,
    '',
    '| what | time | raw MB/s |',
    '|---|---|---|',
    `| read the file (page cache; the I/O limit) | ${tRead.toFixed(2)} s | ${rate(mb, tRead)} |`,
    `| decode only, payloads kept as words (framing, headers, resync checks) | ${tDecodeRawWords.toFixed(2)} s | ${rate(mb, tDecodeRawWords)} |`,
    `| na64 convert, 1 run (decode + digits + Parquet write) | ${tConvert.toFixed(2)} s | ${rate(mb, tConvert)} (${rate(mb, tConvert - tStartup)} without start-up) |`,
    `| na64 convert --jobs 1, 2 runs | ${tJobs1.toFixed(2)} s | ${rate(halfMb, tJobs1)} |`,
    `| na64 convert --jobs 2, 2 runs | ${tJobs2.toFixed(2)} s | ${rate(halfMb, tJobs2)} |`,
    '',
    `Speed-up with --jobs 2: ${(tJobs1 / tJobs2).toFixed(2)}x (target >= 1.8x); end to end per core: ${(mb / tConvert).toFixed(0)} MB/s (target >= 100 MB/s).`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
