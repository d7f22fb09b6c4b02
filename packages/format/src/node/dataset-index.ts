import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DATASET_INDEX_FILE, RUN_MANIFEST_DIR } from '../dataset/layout.ts';
import { mergeRunManifests, parseRunManifest, type DatasetIndex, type RunManifest } from '../dataset/manifest.ts';
import { SCHEMA_NAME, SCHEMA_VERSION } from '../schema/v1.ts';
import { TOOL_VERSION } from '../version.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { acquireLock } from './run-lock.ts';

/** Reads every per-run manifest of a dataset directory, sorted by run. */
export async function readRunManifests(datasetDir: string): Promise<RunManifest[]> {
  const dir = join(datasetDir, RUN_MANIFEST_DIR);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /^run=\d+\.json$/.test(n)).sort();
  const manifests: RunManifest[] = [];
  for (const name of names) {
    const file = join(dir, name);
    manifests.push(parseRunManifest(await readFile(file, 'utf8'), file));
  }
  return manifests;
}

/**
 * Rewrites dataset.json from the per-run manifests. Writers of different runs call this when they
 * finish; the lock serialises them so the last writer's index includes every finished run.
 */
export async function rebuildDatasetIndex(datasetDir: string): Promise<DatasetIndex> {
  const release = await acquireLock(join(datasetDir, `${DATASET_INDEX_FILE}.lock`), `index of dataset ${datasetDir}`, 30_000);
  try {
    const index = mergeRunManifests(await readRunManifests(datasetDir), SCHEMA_NAME, SCHEMA_VERSION, TOOL_VERSION);
    await writeFileAtomic(join(datasetDir, DATASET_INDEX_FILE), `${JSON.stringify(index, null, 1)}\n`);
    return index;
  } finally {
    await release();
  }
}
