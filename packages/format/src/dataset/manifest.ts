import { z } from 'zod';
import { FormatError } from '../errors.ts';

const eventKey = z.tuple([z.number().int(), z.number().int(), z.number().int()]);
export type EventKey = z.infer<typeof eventKey>;

export const partFileSchema = z.object({
  path: z.string(),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** Key of the first and last row; absent for an empty part. */
  firstKey: eventKey.optional(),
  lastKey: eventKey.optional(),
});
export type PartFile = z.infer<typeof partFileSchema>;

const tableEntry = z.object({ rows: z.number().int().nonnegative(), files: z.array(partFileSchema) });
export type TableEntry = z.infer<typeof tableEntry>;

export const runManifestSchema = z.object({
  schema: z.string(),
  schemaVersion: z.number().int(),
  run: z.number().int(),
  setupId: z.string(),
  toolVersion: z.string(),
  command: z.string(),
  createdAt: z.string(),
  spills: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  eot: z.number().nonnegative(),
  tables: z.record(z.string(), tableEntry),
});
export type RunManifest = z.infer<typeof runManifestSchema>;

export const datasetIndexSchema = z.object({
  schema: z.string(),
  schemaVersion: z.number().int(),
  toolVersion: z.string(),
  updatedAt: z.string(),
  setupIds: z.array(z.string()),
  runs: z.array(runManifestSchema.omit({ tables: true })),
  tables: z.record(z.string(), tableEntry),
});
export type DatasetIndex = z.infer<typeof datasetIndexSchema>;

function parseJson<T>(schema: z.ZodType<T>, text: string, file: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new FormatError(`not valid JSON (${(e as Error).message}); expected a ${what}`, { file });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FormatError(`not a valid ${what}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, { file });
  }
  return parsed.data;
}

export const parseDatasetIndex = (text: string, file: string): DatasetIndex => parseJson(datasetIndexSchema, text, file, 'dataset index');
export const parseRunManifest = (text: string, file: string): RunManifest => parseJson(runManifestSchema, text, file, 'run manifest');

/** Builds the dataset index from the per-run manifests (sorted by run). */
export function mergeRunManifests(manifests: RunManifest[], schema: string, schemaVersion: number, toolVersion: string): DatasetIndex {
  const sorted = [...manifests].sort((a, b) => a.run - b.run);
  const tables: Record<string, TableEntry> = {};
  for (const m of sorted) {
    for (const [name, entry] of Object.entries(m.tables)) {
      const t = (tables[name] ??= { rows: 0, files: [] });
      t.rows += entry.rows;
      t.files.push(...entry.files);
    }
  }
  return {
    schema,
    schemaVersion,
    toolVersion,
    updatedAt: new Date().toISOString(),
    setupIds: [...new Set(sorted.map((m) => m.setupId))],
    runs: sorted.map(({ tables: _tables, ...rest }) => rest),
    tables,
  };
}

export function compareKeys(a: readonly number[], b: readonly number[]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
