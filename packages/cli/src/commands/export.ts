import type { CommandModule } from 'yargs';
import { getSetup } from '@na64/format';
import { openDataset, writeFileAtomic } from '@na64/format/node';
import { DatasetEventLoader, parseEventKey, phoenixEventName, toPhoenixEvent, type PhoenixDocument } from '@na64/display';
import { UserError } from '../user-error.ts';

interface ExportArgs {
  dataset: string;
  event: string;
  format: string;
  out?: string;
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <dataset>',
  describe: 'Export one event for other tools (Phoenix event-data JSON)',
  builder: (y) =>
    y
      .positional('dataset', { type: 'string', demandOption: true, describe: 'dataset directory or http(s) URL' })
      .option('event', { type: 'string', demandOption: true, describe: 'event key run:spill:event' })
      .option('format', { type: 'string', choices: ['phoenix'], default: 'phoenix', describe: 'output format' })
      .option('out', { type: 'string', describe: 'output file (default: stdout)' }),
  handler: async (argv) => {
    const key = parseEventKey(argv.event);
    if (!key) throw new UserError(`--event must be run:spill:event (three integers), got "${argv.event}"`);
    const ds = await openDataset(argv.dataset);
    const loader = new DatasetEventLoader(ds, argv.dataset);
    try {
      const summary = await loader.open();
      const setup = getSetup(summary.setupId);
      const event = await loader.readEvent(key);
      const doc: PhoenixDocument = { [phoenixEventName(key)]: toPhoenixEvent(setup, event, { beamEnergy: await loader.beamEnergy(key) }) };
      const text = `${JSON.stringify(doc)}\n`;
      if (argv.out) await writeFileAtomic(argv.out, text);
      else process.stdout.write(text);
    } finally {
      loader.close();
    }
  },
};
