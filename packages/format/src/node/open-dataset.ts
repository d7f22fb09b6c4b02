import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { Dataset } from '../dataset/dataset.ts';
import { HttpDatasetStore } from '../dataset/http-store.ts';
import { FormatError } from '../errors.ts';
import { fileMetadataFromMap } from '../schema/metadata.ts';
import { SCHEMA_NAME, SCHEMA_VERSION } from '../schema/v1.ts';
import { TOOL_VERSION } from '../version.ts';
import type { DatasetIndex } from '../dataset/manifest.ts';
import { checkFileSchema } from '../dataset/dataset.ts';
import { FsDatasetStore } from './fs-store.ts';

/**
 * Opens a dataset directory, a single Parquet file of a dataset, or an http(s) URL of a dataset.
 * A single file is presented as a dataset of one table with one file.
 */
export async function openDataset(location: string): Promise<Dataset> {
  if (/^https?:\/\//.test(location)) return Dataset.open(new HttpDatasetStore(location));
  const info = await stat(location).catch(() => undefined);
  if (!info) throw new FormatError('no such file or directory', { file: location });
  if (info.isDirectory()) return Dataset.open(new FsDatasetStore(location));
  return openSingleFile(location, info.size);
}

async function openSingleFile(file: string, bytes: number): Promise<Dataset> {
  const store = new FsDatasetStore(dirname(file));
  const reader = await store.openParquet(basename(file));
  const info = reader.info();
  checkFileSchema(info.keyValue, file);
  const meta = fileMetadataFromMap(info.keyValue);
  const table = meta.table!;
  const index: DatasetIndex = {
    schema: SCHEMA_NAME,
    schemaVersion: SCHEMA_VERSION,
    toolVersion: meta.toolVersion ?? TOOL_VERSION,
    updatedAt: new Date(0).toISOString(),
    setupIds: meta.setupId ? [meta.setupId] : [],
    runs: [],
    tables: { [table]: { rows: info.rows, files: [{ path: basename(file), rows: info.rows, bytes }] } },
  };
  reader.close();
  return new SingleFileDataset(store, index);
}

/** A dataset view of one file: its path has no `<table>/` prefix, so the table check uses metadata. */
class SingleFileDataset extends Dataset {
  override reader(path: string) {
    return this.store.openParquet(path);
  }
}
