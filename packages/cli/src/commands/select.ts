import type { CommandModule } from 'yargs';
import { ExpressionError, TABLES_V1, TAGS, compileExpression, tagBits, type TagName } from '@na64/format';
import { openDataset } from '@na64/format/node';
import { printJson, textTable } from '../output.ts';
import { UserError } from '../user-error.ts';

/** Columns listed for every matching event, in this order (text and JSON). */
export const SELECT_COLUMNS = [
  'run',
  'spill',
  'event',
  'event_in_run',
  'e_ecal',
  'e_ecal_pre',
  'e_hcal',
  'e_wcal',
  'e_veto',
  'e_srd',
  'p_in',
  'n_tracks',
  'tags',
] as const;

/** Numeric scalar columns of the events table: what --where may name. */
export const WHERE_COLUMNS: readonly string[] = TABLES_V1.events.columns.filter((c) => c.kind === 'int32' || c.kind === 'float32' || c.kind === 'float64').map((c) => c.name);

const TAG_NAMES = Object.keys(TAGS) as TagName[];

/**
 * The stable `na64 select --json` document:
 * { dataset, filter: { tag, where }, limit, scanned, matched, events: [...] } where `tag` and
 * `where` are null when not given, `limit` is null without --limit, `scanned` counts the events
 * read, `matched` counts all matching events (also those beyond the limit), and each entry of
 * `events` holds SELECT_COLUMNS (float columns to 7 significant digits, NaN as null) plus
 * `tag_names`, the names of the set tag bits in bit order.
 */
export interface SelectJson {
  dataset: string;
  filter: { tag: string | null; where: string | null };
  limit: number | null;
  scanned: number;
  matched: number;
  events: (Record<(typeof SELECT_COLUMNS)[number], number | null> & { tag_names: string[] })[];
}

function tagNames(tags: number): string[] {
  return TAG_NAMES.filter((n) => (tags & TAGS[n].bit) !== 0);
}

const INT_COLUMNS = new Set<string>(TABLES_V1.events.columns.filter((c) => c.kind === 'int32').map((c) => c.name));

function jsonValue(column: string, v: number): number | null {
  if (Number.isNaN(v)) return null;
  return INT_COLUMNS.has(column) ? v : Number(v.toPrecision(7));
}

function textValue(column: string, v: number | null): string {
  if (v === null) return '-';
  if (INT_COLUMNS.has(column)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(4);
}

export interface SelectArgs {
  dataset: string;
  tag?: string;
  where?: string;
  json: boolean;
  limit?: number;
}

/** Runs the selection and returns the JSON document (also the source of the text output). */
export async function selectEvents(args: SelectArgs): Promise<SelectJson> {
  if (args.tag === undefined && args.where === undefined) throw new UserError('select needs --tag <name> or --where "<expression>"');
  let tagBit = 0;
  if (args.tag !== undefined) {
    if (!TAG_NAMES.includes(args.tag as TagName)) throw new UserError(`unknown tag "${args.tag}"; tags: ${TAG_NAMES.join(', ')}`);
    tagBit = TAGS[args.tag as TagName].bit;
  }
  if (args.limit !== undefined && !(Number.isInteger(args.limit) && args.limit >= 0)) throw new UserError(`--limit must be a whole number >= 0, got ${args.limit}`);
  let expr: ReturnType<typeof compileExpression> | undefined;
  if (args.where !== undefined) {
    try {
      expr = compileExpression(args.where, { columns: WHERE_COLUMNS, constants: tagBits() });
    } catch (e) {
      if (e instanceof ExpressionError) throw new UserError(`--where: ${e.message}`);
      throw e;
    }
  }
  const columns = [...new Set<string>([...SELECT_COLUMNS, ...(expr?.columns ?? [])])];
  const ds = await openDataset(args.dataset);
  const out: SelectJson = {
    dataset: args.dataset,
    filter: { tag: args.tag ?? null, where: args.where ?? null },
    limit: args.limit ?? null,
    scanned: 0,
    matched: 0,
    events: [],
  };
  try {
    for await (const table of ds.batches('events', { columns })) {
      const cols: Record<string, ArrayLike<number>> = {};
      for (const c of columns) {
        const child = table.getChild(c);
        if (!child) throw new UserError(`events table of ${args.dataset} has no column "${c}"`);
        cols[c] = child.toArray() as ArrayLike<number>;
      }
      const pass = expr?.bind(cols);
      const tags = cols.tags;
      for (let r = 0; r < table.numRows; r++) {
        out.scanned++;
        if (tagBit && (tags[r] & tagBit) === 0) continue;
        if (pass && !pass(r)) continue;
        out.matched++;
        if (out.limit !== null && out.events.length >= out.limit) continue;
        const row = {} as SelectJson['events'][number];
        for (const c of SELECT_COLUMNS) row[c] = jsonValue(c, Number(cols[c][r]));
        row.tag_names = tagNames(Number(tags[r]));
        out.events.push(row);
      }
    }
  } finally {
    ds.close();
  }
  return out;
}

function printText(doc: SelectJson): void {
  const lines: string[] = [];
  if (doc.events.length) {
    lines.push(
      textTable(
        [...SELECT_COLUMNS.filter((c) => c !== 'tags'), 'tags'],
        doc.events.map((e) => [
          ...SELECT_COLUMNS.filter((c) => c !== 'tags').map((c) => textValue(c, e[c])),
          e.tag_names.join(',') || '-',
        ]),
      ),
      '',
    );
  }
  const shown = doc.events.length < doc.matched ? `, ${doc.events.length} shown` : '';
  lines.push(`${doc.matched} of ${doc.scanned} events match${shown}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export const selectCommand: CommandModule<object, SelectArgs> = {
  command: 'select <dataset>',
  describe: 'List events of a dataset by candidate tag or by an expression on event columns',
  builder: (y) =>
    y
      .positional('dataset', { type: 'string', demandOption: true, describe: 'dataset directory or http(s) URL' })
      .option('tag', { type: 'string', describe: `events with this tag bit set (${TAG_NAMES.join(', ')})` })
      .option('where', {
        type: 'string',
        describe: 'expression on event columns: comparisons, && || !, + - * /, & (bits), parentheses, numbers, e.g. "e_ecal < 50 && (tags & 8) != 0"',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print the stable JSON document' })
      .option('limit', { type: 'number', describe: 'list at most n events (all matches are still counted)' }),
  handler: async (argv) => {
    const doc = await selectEvents(argv);
    if (argv.json) printJson(doc);
    else printText(doc);
  },
};
