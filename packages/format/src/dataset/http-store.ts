import { FormatError } from '../errors.ts';
import { ParquetReader } from '../parquet/engine.ts';
import type { DatasetStore } from './store.ts';

/** A dataset served over HTTP(S); Parquet files are read with range requests. */
export class HttpDatasetStore implements DatasetStore {
  readonly label: string;
  private readonly base: string;

  constructor(baseUrl: string) {
    this.base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
    this.label = baseUrl;
  }

  url(path: string): string {
    return new URL(path, this.base).href;
  }

  async readText(path: string): Promise<string | undefined> {
    let response: Response;
    try {
      response = await fetch(this.url(path));
    } catch (e) {
      throw new FormatError(`cannot fetch (${(e as Error).message})`, { file: this.url(path) });
    }
    if (response.status === 404) return undefined;
    if (!response.ok) throw new FormatError(`HTTP ${response.status} ${response.statusText}`, { file: this.url(path) });
    return response.text();
  }

  async openParquet(path: string): Promise<ParquetReader> {
    try {
      return await ParquetReader.fromUrl(this.url(path));
    } catch (e) {
      throw new FormatError(`cannot read Parquet: ${errorText(e)}`, { file: this.url(path) });
    }
  }
}

export function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0];
}
