import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { FormatError } from '../errors.ts';
import { RUN_MANIFEST_DIR, parsePartPath, runManifestPath } from '../dataset/layout.ts';
import { readRunManifests } from './dataset-index.ts';
import type { DatasetIndex, PartFile, RunManifest } from '../dataset/manifest.ts';
import { checkFileSchema } from '../dataset/dataset.ts';
import { fileMetadataFromMap } from '../schema/metadata.ts';
import { SCHEMA_NAME, SCHEMA_VERSION, TABLE_NAMES, type TableName } from '../schema/v1.ts';
import { TOOL_VERSION } from '../version.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { rebuildDatasetIndex } from './dataset-index.ts';
import { FsDatasetStore } from './fs-store.ts';

const keyAt = (t: Table, i: number): [number, number, number] => [t.getChild('run')!.get(i), t.getChild('spill')!.get(i), t.getChild('event')!.get(i)];

/**
 * Rebuilds every per-run manifest and dataset.json from the Parquet files themselves (after a crash,
 * a copy, or files added by hand). Files that cannot be read stop the rebuild with their name.
 */
export async function reindexDataset(datasetDir: string): Promise<DatasetIndex> {
  const store = new FsDatasetStore(datasetDir);
  const runs = new Map<number, RunManifest>();
  for (const path of await store.listParquetFiles()) {
    const where = parsePartPath(path);
    if (!where || !TABLE_NAMES.includes(where.table as TableName)) throw new FormatError('not a part file of a dataset (expected <table>/run=N/part-KKKK.parquet)', { file: join(datasetDir, path) });
    const table = where.table as TableName;
    const reader = await store.openParquet(path);
    try {
      const info = reader.info();
      checkFileSchema(info.keyValue, join(datasetDir, path), table);
      const meta = fileMetadataFromMap(info.keyValue);
      const manifest =
        runs.get(where.run) ??
        ({
          schema: SCHEMA_NAME,
          schemaVersion: SCHEMA_VERSION,
          run: where.run,
          setupId: meta.setupId ?? '',
          toolVersion: meta.toolVersion ?? TOOL_VERSION,
          command: meta.command ?? '',
          createdAt: new Date().toISOString(),
          spills: 0,
          events: 0,
          eot: 0,
          tables: {},
        } satisfies RunManifest);
      runs.set(where.run, manifest);
      const part: PartFile = { path, rows: info.rows, bytes: (await store.fileSize(path)) ?? 0 };
      if (info.rows > 0) {
        const keys = await reader.read({ columns: ['run', 'spill', 'event'] });
        part.firstKey = keyAt(keys, 0);
        part.lastKey = keyAt(keys, info.rows - 1);
      }
      const entry = (manifest.tables[table] ??= { rows: 0, files: [] });
      entry.rows += info.rows;
      entry.files.push(part);
      if (table === 'events') manifest.events += info.rows;
      if (table === 'spills' && info.rows > 0) {
        const eot = (await reader.read({ columns: ['eot'] })).getChild('eot')!.toArray() as Float64Array;
        manifest.spills += info.rows;
        manifest.eot += eot.reduce((a, b) => a + b, 0);
      }
    } finally {
      reader.close();
    }
  }
  await mkdir(join(datasetDir, RUN_MANIFEST_DIR), { recursive: true });
  for (const old of await readRunManifests(datasetDir).catch(() => [])) {
    if (!runs.has(old.run)) await rm(join(datasetDir, runManifestPath(old.run)), { force: true });
  }
  for (const m of runs.values()) await writeFileAtomic(join(datasetDir, runManifestPath(m.run)), `${JSON.stringify(m, null, 1)}\n`);
  return rebuildDatasetIndex(datasetDir);
}
