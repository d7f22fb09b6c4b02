import { openAsBlob } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { FormatError } from '../errors.ts';
import { errorText } from '../dataset/http-store.ts';
import { ParquetReader } from '../parquet/engine.ts';
import type { DatasetStore } from '../dataset/store.ts';

/** A dataset directory on the local file system; Parquet files are read lazily through Blobs. */
export class FsDatasetStore implements DatasetStore {
  constructor(readonly root: string) {}

  get label(): string {
    return this.root;
  }

  async readText(path: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.root, path), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new FormatError(`cannot read (${(e as Error).message})`, { file: join(this.root, path) });
    }
  }

  async openParquet(path: string): Promise<ParquetReader> {
    const file = join(this.root, path);
    let blob: Blob;
    try {
      blob = await openAsBlob(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new FormatError(code === 'ENOENT' ? 'file not found' : `cannot open (${code ?? (e as Error).message})`, { file });
    }
    try {
      return await ParquetReader.fromBlob(blob, file);
    } catch (e) {
      throw new FormatError(`not a readable Parquet file (${errorText(e)})`, { file });
    }
  }

  async readBytes(path: string): Promise<Uint8Array> {
    return readFile(join(this.root, path));
  }

  async fileSize(path: string): Promise<number | undefined> {
    return stat(join(this.root, path)).then((s) => s.size, () => undefined);
  }

  async listParquetFiles(): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile() && entry.name.endsWith('.parquet')) out.push(relative(this.root, full).split(sep).join('/'));
      }
    };
    await walk(this.root);
    return out.sort();
  }
}
