import type { CommandModule } from 'yargs';
import { TABLE_NAMES, type Dataset } from '@na64/format';
import { openDataset } from '@na64/format/node';
import { formatBytes, printJson, textTable } from '../output.ts';

/** The stable `na64 info --json` document (documented in packages/cli/README.md). */
export interface InfoJson {
  location: string;
  schema: string;
  schemaVersion: number;
  toolVersion: string;
  setupIds: string[];
  tables: Record<string, { rows: number; files: number; bytes: number }>;
  runs: { run: number; spills: number; events: number; eot: number; setupId: string }[];
  totals: { files: number; bytes: number; runs: number; spills: number; events: number; eot: number };
}

export function describeDataset(location: string, ds: Dataset): InfoJson {
  const tables: InfoJson['tables'] = {};
  for (const t of TABLE_NAMES) {
    const entry = ds.index.tables[t];
    if (entry) tables[t] = { rows: entry.rows, files: entry.files.length, bytes: entry.files.reduce((n, f) => n + f.bytes, 0) };
  }
  const runs = ds.index.runs.map((r) => ({ run: r.run, spills: r.spills, events: r.events, eot: r.eot, setupId: r.setupId }));
  const sum = (f: (x: (typeof runs)[number]) => number) => runs.reduce((n, r) => n + f(r), 0);
  return {
    location,
    schema: ds.index.schema,
    schemaVersion: ds.index.schemaVersion,
    toolVersion: ds.index.toolVersion,
    setupIds: ds.index.setupIds,
    tables,
    runs,
    totals: {
      files: Object.values(tables).reduce((n, t) => n + t.files, 0),
      bytes: Object.values(tables).reduce((n, t) => n + t.bytes, 0),
      runs: runs.length,
      spills: sum((r) => r.spills),
      events: sum((r) => r.events),
      eot: sum((r) => r.eot),
    },
  };
}

function printInfo(info: InfoJson): void {
  const lines = [
    `${info.location}`,
    `schema ${info.schema} v${info.schemaVersion}, written by toolkit ${info.toolVersion}; setup ${info.setupIds.join(', ') || '(none)'}`,
    '',
    textTable(
      ['table', 'rows', 'files', 'bytes'],
      Object.entries(info.tables).map(([t, e]) => [t, e.rows, e.files, formatBytes(e.bytes)]),
    ),
  ];
  if (info.runs.length) {
    lines.push('', textTable(['run', 'spills', 'events', 'EOT'], info.runs.map((r) => [r.run, r.spills, r.events, r.eot.toExponential(3)])));
  }
  lines.push('', `total: ${info.totals.files} files, ${formatBytes(info.totals.bytes)}, ${info.totals.runs} runs, ${info.totals.spills} spills, ${info.totals.events} events`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export const infoCommand: CommandModule<object, { target: string; json: boolean }> = {
  command: 'info <target>',
  describe: 'Show schema version, tables, files, runs and spills of a dataset or a single Parquet file',
  builder: (y) =>
    y
      .positional('target', { type: 'string', demandOption: true, describe: 'dataset directory, Parquet file or http(s) URL' })
      .option('json', { type: 'boolean', default: false, describe: 'print the stable JSON document' }),
  handler: async (argv) => {
    const ds = await openDataset(argv.target);
    try {
      const info = describeDataset(argv.target, ds);
      if (argv.json) printJson(info);
      else printInfo(info);
    } finally {
      ds.close();
    }
  },
};
