import type { CommandModule } from 'yargs';
import { reindexDataset } from '@na64/format/node';
import { printJson } from '../output.ts';

export const indexCommand: CommandModule<object, { dataset: string; json: boolean }> = {
  command: 'index <dataset>',
  describe: 'Rebuild the per-run manifests and dataset.json from the Parquet files',
  builder: (y) =>
    y
      .positional('dataset', { type: 'string', demandOption: true, describe: 'dataset directory' })
      .option('json', { type: 'boolean', default: false }),
  handler: async (argv) => {
    const index = await reindexDataset(argv.dataset);
    if (argv.json) printJson(index);
    else {
      const files = Object.values(index.tables).reduce((n, t) => n + t.files.length, 0);
      process.stdout.write(`${argv.dataset}: indexed ${index.runs.length} run(s), ${files} files\n`);
    }
  },
};
