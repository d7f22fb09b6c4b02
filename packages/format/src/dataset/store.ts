import type { ParquetReader } from '../parquet/engine.ts';

/**
 * Where a dataset's files live: a directory (Node), a base URL (HTTP range requests) or a single
 * file. Paths are relative to the dataset root and '/'-separated.
 */
export interface DatasetStore {
  /** How the dataset is named in messages (its path or URL). */
  readonly label: string;
  /** The text of a small file, or undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  /** Opens a Parquet file for ranged reads. */
  openParquet(path: string): Promise<ParquetReader>;
  /** Lists the Parquet part files under the root, when the store can list (directories can, URLs cannot). */
  listParquetFiles?(): Promise<string[]>;
  /** The whole content of a file, when local reads are cheap (whole-part reads then decode in one pass). */
  readBytes?(path: string): Promise<Uint8Array>;
  /** Size in bytes of a file, when the store can tell cheaply. */
  fileSize?(path: string): Promise<number | undefined>;
}
