import { stat } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { HttpDatasetStore, validateDataset } from '@na64/format';
import { FsDatasetStore } from '@na64/format/node';
import { UserError } from '../user-error.ts';
import { printJson } from '../output.ts';

export const validateCommand: CommandModule<object, { dataset: string; json: boolean }> = {
  command: 'validate <dataset>',
  describe: 'Check every file, the schema, key order, offsets and the index of a dataset (exit 1 on problems)',
  builder: (y) =>
    y
      .positional('dataset', { type: 'string', demandOption: true, describe: 'dataset directory or http(s) URL' })
      .option('json', { type: 'boolean', default: false, describe: 'print the report as JSON' }),
  handler: async (argv) => {
    const isUrl = /^https?:\/\//.test(argv.dataset);
    if (!isUrl) {
      const info = await stat(argv.dataset).catch(() => undefined);
      if (!info) throw new UserError(`${argv.dataset}: no such dataset directory`);
      if (!info.isDirectory()) throw new UserError(`${argv.dataset}: not a directory; validate takes a dataset directory (use "na64 info" for a single file)`);
    }
    const report = await validateDataset(isUrl ? new HttpDatasetStore(argv.dataset) : new FsDatasetStore(argv.dataset));
    if (argv.json) printJson({ dataset: argv.dataset, ...report });
    else if (report.ok) process.stdout.write(`${argv.dataset}: ok (${report.filesChecked} files, ${report.rowsChecked} rows checked)\n`);
    else {
      process.stdout.write(`${argv.dataset}: ${report.problems.length} problem(s)\n`);
      for (const p of report.problems) process.stdout.write(`  ${p.file}: ${p.message}\n`);
    }
    if (!report.ok) process.exitCode = 1;
  },
};
