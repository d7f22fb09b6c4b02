import type { TableName } from '../schema/v1.ts';

/** Path conventions of a dataset directory (all paths relative to the dataset root, '/'-separated). */
export const DATASET_INDEX_FILE = 'dataset.json';
export const RUN_MANIFEST_DIR = '_runs';
export const STAGING_DIR = '_staging';

export const runLabel = (run: number): string => `run=${run}`;
export const partitionDir = (table: TableName, run: number): string => `${table}/${runLabel(run)}`;
export const partFileName = (index: number): string => `part-${String(index).padStart(4, '0')}.parquet`;
export const runManifestPath = (run: number): string => `${RUN_MANIFEST_DIR}/${runLabel(run)}.json`;

/** Parses `<table>/run=NNNNNN/part-KKKK.parquet`; undefined for anything else. */
export function parsePartPath(path: string): { table: string; run: number; part: number } | undefined {
  const m = /^([a-z_]+)\/run=(\d+)\/part-(\d+)\.parquet$/.exec(path);
  return m ? { table: m[1], run: Number(m[2]), part: Number(m[3]) } : undefined;
}

/** The truth of a simulated raw file `run.dat` travels next to it as `run.dat.truth.parquet` (a trailing .gz dropped). */
export function truthSidecarPath(rawFile: string): string {
  return `${rawFile.replace(/\.gz$/, '')}.truth.parquet`;
}
