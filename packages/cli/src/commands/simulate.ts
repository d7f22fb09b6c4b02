import { dirname } from 'node:path';
import { statSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { loadSetup } from '@na64/format/node';
import { PROCESS_NAMES, SimulationError, TRUTH_LEVELS } from '@na64/sim';
import type { ProcessName, TruthLevel } from '@na64/sim';
import { simulateToFile } from '@na64/sim/node';
import type { SimulateFileResult } from '@na64/sim/node';
import { UserError } from '../user-error.ts';
import { formatBytes } from '../output.ts';
import { ProgressBar } from '../progress.ts';

interface SimulateArgs {
  setup: string;
  events: number;
  out: string;
  run?: number;
  process: string;
  mass?: number;
  epsilon?: number;
  bias?: number;
  seed: string;
  jobs: number;
  truth: string;
  'events-per-spill': number;
}

function positiveInteger(name: string, v: number, min = 1): number {
  if (!Number.isInteger(v) || v < min) throw new UserError(`--${name} must be a whole number >= ${min}, got ${v}`);
  return v;
}

export function summaryLine(r: SimulateFileResult, out: string): string {
  const parts = [
    `simulated ${r.events} events in ${r.spills} spill${r.spills === 1 ? '' : 's'} (EOT ${r.eot}) -> ${out} (${formatBytes(r.bytes)})`,
    r.truthFile ? `truth ${r.truthRows} rows -> ${r.truthFile}` : 'no truth (--truth none)',
    `${(r.events / Math.max(r.seconds, 1e-9)).toFixed(0)} events/s`,
  ];
  const p = r.physics;
  if (p.aPrimeYield !== undefined) {
    parts.push(
      `${p.visible ? 'X17/A\' (visible)' : 'A\' (invisible)'} in ${p.aPrimeTarget}: expected yield ${p.aPrimeYield.toExponential(3)} per EOT` +
        ` (E_A' > E0/2: ${p.aPrimeYieldAboveHalf!.toExponential(3)}), bias ${p.aPrimeBias!.toExponential(3)}, ${r.aPrimeEvents} events emitted`,
    );
  }
  if (p.dimuonYield !== undefined) {
    parts.push(`dimuons in ${p.dimuonTarget}: expected ${p.dimuonYield.toExponential(3)} per EOT, bias ${p.dimuonBias!.toExponential(3)}, ${r.dimuonEvents} events`);
  }
  return parts.join('; ');
}

export const simulateCommand: CommandModule<object, SimulateArgs> = {
  command: 'simulate',
  describe: 'Simulate a run with the fast simulator: raw DAQ stream (.dat) + truth sidecar (.truth.parquet)',
  builder: (y: Argv) =>
    y
      .option('setup', { type: 'string', demandOption: true, describe: 'bundled setup id or setup JSON file' })
      .option('events', { type: 'number', demandOption: true, describe: 'number of beam particles (events) to simulate' })
      .option('out', { type: 'string', demandOption: true, describe: 'raw output file (truth goes to <out>.truth.parquet)' })
      .option('run', { type: 'number', describe: 'run number (default: the first run of the setup)' })
      .option('process', { type: 'string', default: 'electron', choices: [...PROCESS_NAMES], describe: 'physics sample' })
      .option('mass', { type: 'number', describe: "A' / X17 mass in MeV (default 16.7)" })
      .option('epsilon', { type: 'number', describe: 'kinetic mixing (default 1e-4)' })
      .option('bias', { type: 'number', describe: 'bias factor of the rare process (default: forced in every event)' })
      .option('seed', { type: 'string', default: '1', describe: 'random seed (integer)' })
      .option('truth', {
        type: 'string',
        default: 'all',
        choices: [...TRUTH_LEVELS],
        describe: 'truth sidecar rows: all particles, slim (without the synchrotron photons: ~40x fewer rows, ~1.4x faster), none (no sidecar; unweighted samples only)',
      })
      .option('jobs', { type: 'number', default: 1, describe: 'simulating threads (this one plus n-1 workers); the output is the same for any value' })
      .option('events-per-spill', { type: 'number', default: 1000, describe: 'physics events per spill' }) as unknown as Argv<SimulateArgs>,
  handler: async (args) => {
    const setup = loadSetup(args.setup);
    const events = positiveInteger('events', args.events, 0);
    const jobs = positiveInteger('jobs', args.jobs);
    const eventsPerSpill = positiveInteger('events-per-spill', args['events-per-spill']);
    const run = args.run ?? setup.runs[0];
    positiveInteger('run', run, 0);
    if (run < setup.runs[0] || run > setup.runs[1]) {
      throw new UserError(`run ${run} is outside the runs ${setup.runs[0]}..${setup.runs[1]} of setup "${setup.id}"`);
    }
    if (!/^\d+$/.test(args.seed)) throw new UserError(`--seed must be a whole number >= 0, got ${args.seed}`);
    for (const name of ['mass', 'epsilon', 'bias'] as const) {
      const v = args[name];
      if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new UserError(`--${name} must be a positive number, got ${v}`);
    }
    try {
      if (!statSync(dirname(args.out)).isDirectory()) throw new Error('not a directory');
    } catch {
      throw new UserError(`cannot write ${args.out}: directory ${dirname(args.out)} does not exist`);
    }
    const progress = new ProgressBar('simulate', events, { name: 'events', scale: 1 });
    const command = ['na64', ...process.argv.slice(2)].join(' ');
    let result: SimulateFileResult;
    try {
      result = await simulateToFile({
        setup,
        run,
        events,
        seed: BigInt(args.seed),
        process: args.process as ProcessName,
        ...(args.mass !== undefined ? { mass: args.mass / 1000 } : {}),
        ...(args.epsilon !== undefined ? { epsilon: args.epsilon } : {}),
        ...(args.bias !== undefined ? { bias: args.bias } : {}),
        eventsPerSpill,
        jobs,
        truth: args.truth as TruthLevel,
        out: args.out,
        command,
        onProgress: (done) => progress.update(done),
      });
    } catch (e) {
      progress.done();
      if (e instanceof SimulationError) throw new UserError(e.message);
      throw e;
    }
    progress.done();
    process.stdout.write(`${summaryLine(result, args.out)}\n`);
  },
};
