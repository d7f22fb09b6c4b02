import { stat } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { loadSetup, writeFileAtomic } from '@na64/format/node';
import { convertRun, type RunReport } from '../convert/run-converter.ts';
import { groupFilesByRun } from '../convert/group-files.ts';
import { convertInWorkers } from '../convert/worker-pool.ts';
import { reconstructStep } from '../convert/reconstruct-step.ts';
import { ProgressBar } from '../progress.ts';
import { UserError } from '../user-error.ts';

interface ConvertArgs {
  raw: string[];
  out: string;
  setup: string;
  jobs: number;
  report?: string;
  strict: boolean;
  'max-lost': number;
}

export const convertCommand: CommandModule<object, ConvertArgs> = {
  command: 'convert <raw..>',
  describe: 'Convert raw DATE/COMPASS files (chunk files of a run, .gz too) into a Parquet dataset',
  builder: (y) =>
    y
      .positional('raw', { type: 'string', array: true, demandOption: true, describe: 'raw files; files of one run are joined in name order' })
      .option('out', { type: 'string', demandOption: true, describe: 'dataset directory (created or added to)' })
      .option('setup', { type: 'string', default: 'invis-2018', describe: 'setup id or setup JSON file (channel maps, calibrations)' })
      .option('jobs', { type: 'number', default: 1, describe: 'converting threads (this one plus n-1 workers); runs are converted in parallel, one run per thread' })
      .option('report', { type: 'string', describe: 'write the conversion report as JSON to this file' })
      .option('strict', { type: 'boolean', default: false, describe: 'exit 1 at the first problem in the raw stream' })
      .option('max-lost', { type: 'number', default: 0.01, describe: 'exit 2 when more than this fraction of the bytes was lost' }) as never,
  handler: async (argv) => {
    for (const f of argv.raw) {
      const s = await stat(f).catch(() => undefined);
      if (!s?.isFile()) throw new UserError(`${f}: no such raw file`);
    }
    const setup = loadSetup(argv.setup);
    const groups = await groupFilesByRun(argv.raw);
    const totalBytes = (await Promise.all(argv.raw.map((f) => stat(f).then((s) => s.size)))).reduce((a, b) => a + b, 0);
    const command = ['na64', 'convert', ...process.argv.slice(3)].join(' ');
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const started = performance.now();
    const bar = new ProgressBar('convert', totalBytes, { name: 'MB', scale: 1e6 });
    const done: number[] = groups.map(() => 0);
    const reports: RunReport[] = [];
    const onProgress = (index: number, bytes: number) => {
      done[index] = bytes;
      bar.update(done.reduce((a, b) => a + b, 0));
    };
    try {
      if (argv.jobs > 1 && groups.length > 1) {
        const common = { datasetDir: argv.out, setup: argv.setup, command, strict: argv.strict };
        reports.push(...(await convertInWorkers(groups, argv.jobs, common, onProgress, controller.signal)));
      } else {
        const reconstruct = await reconstructStep();
        for (const [i, g] of groups.entries()) {
          reports.push(
            await convertRun(g.files, { datasetDir: argv.out, setup, command, strict: argv.strict, reconstruct, signal: controller.signal, onProgress: (bytes) => onProgress(i, bytes) }),
          );
        }
      }
    } finally {
      bar.done();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    const seconds = (performance.now() - started) / 1000;
    const bytesRead = reports.reduce((n, r) => n + r.decode.bytesRead, 0);
    const bytesSkipped = reports.reduce((n, r) => n + r.decode.bytesSkipped, 0);
    const lostFraction = bytesRead ? bytesSkipped / bytesRead : 0;
    const sum = (f: (r: RunReport) => number) => reports.reduce((n, r) => n + f(r), 0);
    const summary = {
      dataset: argv.out,
      setup: setup.id,
      runs: reports.map((r) => r.run),
      events: sum((r) => r.events),
      spills: sum((r) => r.spills),
      eot: sum((r) => r.eot),
      digits: sum((r) => r.digits),
      hits: sum((r) => r.hits),
      tracks: sum((r) => r.tracks),
      bytesRead,
      bytesSkipped,
      lostFraction,
      problems: sum((r) => r.decode.problems),
      seconds,
      mbPerSecond: bytesRead / 1e6 / seconds,
    };
    if (argv.report) await writeFileAtomic(argv.report, `${JSON.stringify({ ...summary, reports }, null, 2)}\n`);
    for (const r of reports) for (const w of r.warnings) process.stderr.write(`na64 convert: run ${r.run}: ${w}\n`);
    process.stdout.write(
      `converted ${summary.runs.length} run(s): ${summary.events} events, ${summary.spills} spills, EOT ${summary.eot.toExponential(3)}, ` +
        `${summary.problems} problem(s), ${(bytesSkipped / 1e6).toFixed(2)} MB skipped, ${(bytesRead / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s (${summary.mbPerSecond.toFixed(1)} MB/s)\n`,
    );
    if (lostFraction > argv['max-lost']) {
      process.stderr.write(`na64 convert: ${(lostFraction * 100).toFixed(2)}% of the raw bytes were lost (limit ${(argv['max-lost'] * 100).toFixed(2)}%, see --report)\n`);
      process.exitCode = 2;
    }
  },
};
