import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { getSetup } from '@na64/format';
import { simulateToFile } from '@na64/sim/node';
import { convertRun } from '../convert/run-converter.ts';
import { reconstructStep } from '../convert/reconstruct-step.ts';
import { ProgressBar } from '../progress.ts';
import { UserError } from '../user-error.ts';
import { serveDisplay } from './display.ts';

interface DemoArgs {
  out: string;
  events: number;
  seed: number;
  port: number;
  host: string;
  serve: boolean;
  jobs: number;
}

/** The demo runs: an invisible-mode mixed run and a visible-mode X17 sample. */
const DEMO_RUNS = [
  { setup: 'invis-2018', process: 'mixed', what: "invisible mode: 100 GeV electrons with A' emission and dimuons" },
  { setup: 'vis-2018', process: 'x17', what: 'visible mode: X17 -> e+e- behind the WCAL' },
] as const;

export const demoCommand: CommandModule<object, DemoArgs> = {
  command: 'demo',
  describe: 'Simulate a small mixed run and an X17 sample, convert them, and serve the display on the dataset',
  builder: (y) =>
    y
      .option('out', { type: 'string', default: join('out', 'demo'), describe: 'directory for the raw files and the dataset' })
      .option('events', { type: 'number', default: 2000, describe: 'events per demo run' })
      .option('seed', { type: 'number', default: 64, describe: 'random seed' })
      .option('jobs', { type: 'number', default: 2, describe: 'simulation worker threads (the output does not depend on it)' })
      .option('port', { type: 'number', default: 5173, describe: 'display port (0 picks a free one)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'interface to bind' })
      .option('serve', { type: 'boolean', default: true, describe: 'serve the display at the end (--no-serve: stop after converting)' }) as never,
  handler: async (argv) => {
    if (!Number.isInteger(argv.events) || argv.events < 1) throw new UserError(`--events must be a whole number >= 1, got ${argv.events}`);
    const out = resolve(argv.out);
    const rawDir = join(out, 'raw');
    const datasetDir = join(out, 'dataset');
    await mkdir(rawDir, { recursive: true });
    const reconstruct = await reconstructStep();
    for (const [i, demo] of DEMO_RUNS.entries()) {
      const setup = getSetup(demo.setup);
      const run = setup.runs[0];
      const raw = join(rawDir, `${demo.setup}-run${run}.dat`);
      process.stdout.write(`[${2 * i + 1}/${2 * DEMO_RUNS.length}] simulating ${argv.events} events, ${demo.what} (setup ${demo.setup}, run ${run})\n`);
      const simBar = new ProgressBar('simulate', argv.events, { name: 'events', scale: 1 });
      const sim = await simulateToFile({
        setup,
        run,
        events: argv.events,
        seed: BigInt(argv.seed + i),
        process: demo.process,
        eventsPerSpill: Math.max(1, Math.ceil(argv.events / 2)),
        jobs: argv.jobs,
        out: raw,
        command: `na64 demo (${demo.setup}, ${demo.process})`,
        onProgress: (done) => simBar.update(done),
      });
      simBar.done();
      process.stdout.write(`      ${sim.events} events, ${sim.spills} spills -> ${raw} (${(sim.bytes / 1e6).toFixed(1)} MB, ${(sim.events / sim.seconds).toFixed(0)} events/s)\n`);
      process.stdout.write(`[${2 * i + 2}/${2 * DEMO_RUNS.length}] converting and reconstructing into ${datasetDir}\n`);
      const convBar = new ProgressBar('convert', sim.bytes, { name: 'MB', scale: 1e6 });
      const report = await convertRun([raw], { datasetDir, setup, command: 'na64 demo', reconstruct, onProgress: (b) => convBar.update(b) });
      convBar.done();
      process.stdout.write(`      ${report.events} events, ${report.hits} hits, ${report.tracks} tracks, ${report.truthRows} truth particles, ${report.decode.problems} problems\n`);
    }
    process.stdout.write(`dataset ready: ${datasetDir}\n  inspect it: npx -y pnpm@10 na64 info ${datasetDir}\n  candidates: npx -y pnpm@10 na64 select ${datasetDir} --tag x17\n`);
    if (argv.serve) await serveDisplay({ datasetDir, host: argv.host, port: argv.port, open: false });
  },
};
