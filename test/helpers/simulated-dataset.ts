/**
 * A dataset made the way a user makes one: `simulate` (fast simulator, raw DATE stream + truth)
 * then `convert` (decode, reconstruct, write Parquet), in-process.
 */
import { join } from 'node:path';
import { Dataset, getSetup, type EventKey } from '@na64/format';
import { openDataset } from '@na64/format/node';
import { simulateToFile } from '@na64/sim/node';
import { convertRun } from '../../packages/cli/src/convert/run-converter.ts';
import { reconstructStep } from '../../packages/cli/src/convert/reconstruct-step.ts';
import type { DisplayDataset } from './display-dataset.ts';

export async function writeSimulatedDataset(
  dir: string,
  options: { setupId?: 'vis-2018' | 'invis-2018'; process?: 'x17' | 'mixed' | 'electron'; events?: number; seed?: number } = {},
): Promise<DisplayDataset> {
  const setupId = options.setupId ?? 'vis-2018';
  const setup = getSetup(setupId);
  const run = setup.runs[0];
  const events = options.events ?? 200;
  const raw = join(dir, `run${run}.dat`);
  await simulateToFile({ setup, run, events, seed: BigInt(options.seed ?? 5), process: options.process ?? 'x17', eventsPerSpill: Math.ceil(events / 2), out: raw });
  const datasetDir = join(dir, 'ds');
  await convertRun([raw], { datasetDir, setup, command: 'test', reconstruct: await reconstructStep() });
  const ds = await openDataset(datasetDir);
  const rows = Dataset.rows('events', await ds.readTable('events', { columns: ['run', 'spill', 'event', 'tags'] }));
  ds.close();
  const keys = rows.map((r) => [r.run, r.spill, r.event] as EventKey);
  const withTag = (bit: number) => rows.filter((r) => r.tags & bit).map((r) => [r.run, r.spill, r.event] as EventKey);
  return { dir: datasetDir, setupId, run, keys, tagged: { invisible: withTag(1), dimuon: withTag(2), x17: withTag(4) }, beamEnergy: setup.beam.energy };
}
