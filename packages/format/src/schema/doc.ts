import { CONTRACT_COLUMNS, SCHEMA_NAME, SCHEMA_VERSION, TABLES_V1, TAGS, TABLE_NAMES } from './v1.ts';
import { METADATA_KEYS } from './metadata.ts';

/** Renders SCHEMA.md from the schema definition (the file is generated; a test checks it is current). */
export function renderSchemaMarkdown(): string {
  const lines: string[] = [];
  lines.push(`# Schema reference: ${SCHEMA_NAME} v${SCHEMA_VERSION}`, '');
  lines.push('Generated from `packages/format/src/schema/v1.ts` by `pnpm schema-doc`; do not edit by hand.', '');
  lines.push('Units: GeV, mm, ns, rad; absolute timestamps in s since the Unix epoch. z along the beam, y up, right-handed.');
  lines.push('Every table is keyed and sorted by (`run`, `spill`, `event`). Cross references are row indices local to the event; -1 means none.');
  lines.push('Columns marked **contract** are fixed: tools outside this project rely on them.', '');
  lines.push('## Layout on disk', '');
  lines.push('```');
  lines.push('<dataset>/dataset.json                      index of runs, files and row counts');
  lines.push('<dataset>/_runs/run=N.json                  per-run manifest (written when a run is complete)');
  lines.push('<dataset>/<table>/run=N/part-KKKK.parquet     Hive partition by run (unpadded, so engines infer an integer)');
  lines.push('```', '');
  lines.push('Each part file holds whole events and one row group. File key-value metadata:', '');
  for (const [k, v] of Object.entries(METADATA_KEYS)) lines.push(`- \`${v}\`: ${k}`);
  lines.push('');
  for (const name of TABLE_NAMES) {
    const t = TABLES_V1[name];
    lines.push(`## ${name}`, '', `One row per ${t.row}.`, '');
    lines.push('| column | type | unit | description |', '|---|---|---|---|');
    for (const c of t.columns) {
      const contract = CONTRACT_COLUMNS[name].includes(c.name) ? ' **contract**' : '';
      lines.push(`| \`${c.name}\` | ${c.kind} | ${c.unit || '-'} | ${c.doc}${contract} |`);
    }
    lines.push('');
  }
  lines.push('## Tags', '', 'Bits of `events.tags`:', '', '| bit | name | meaning |', '|---|---|---|');
  for (const [name, t] of Object.entries(TAGS)) lines.push(`| ${t.bit} | ${name} | ${t.doc} |`);
  lines.push('');
  return lines.join('\n');
}
