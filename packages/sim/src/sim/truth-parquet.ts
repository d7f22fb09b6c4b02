// The truth sidecar as Parquet (kept apart from the truth columns so that simulating worker
// threads do not load Arrow and the Parquet engine).
import { TOOL_VERSION, batchToArrow, encodeParquet, fileMetadataToMap, initParquetEngine, newFileMetadata } from '@na64/format';
import type { TruthColumns } from './truth.ts';

/** Encodes the truth table as one Parquet file with the schema v1 metadata. */
export async function encodeTruthParquet(truth: TruthColumns, run: number, setupId: string, command: string): Promise<Uint8Array> {
  await initParquetEngine();
  const meta = fileMetadataToMap(newFileMetadata('truth', run, setupId, TOOL_VERSION, command));
  return encodeParquet('truth', batchToArrow('truth', truth.toBatch()), meta);
}
