// The truth sidecar as Parquet (kept apart from the truth columns so that simulating worker
// threads do not load Arrow and the Parquet engine).
import { TOOL_VERSION, batchToArrow, encodeParquet, fileMetadataToMap, initParquetEngine, newFileMetadata, type ArrowInputOf } from '@na64/format';
import type { TruthColumns, TruthData } from './truth.ts';

/** The key-value metadata of a truth sidecar (schema v1 file metadata). */
export function truthFileMetadata(run: number, setupId: string, command: string): Map<string, string> {
  return fileMetadataToMap(newFileMetadata('truth', run, setupId, TOOL_VERSION, command));
}

/** Truth rows in plain-data form as an Arrow table of the `truth` schema (numeric columns not copied). */
export function truthDataToArrow(d: TruthData): ReturnType<typeof batchToArrow> {
  const [run, spill, event, pdg, parent] = d.int;
  const [vx, vy, vz, px, py, pz, e, end_x, end_y, end_z] = d.f32;
  const process = { codes: d.process, names: d.processNames };
  const batch: ArrowInputOf<'truth'> = { run, spill, event, pdg, parent, process, vx, vy, vz, px, py, pz, e, end_x, end_y, end_z, weight: d.weight };
  return batchToArrow('truth', batch);
}

/** Encodes the truth table as one Parquet file with the schema v1 metadata. */
export async function encodeTruthParquet(truth: TruthColumns, run: number, setupId: string, command: string): Promise<Uint8Array> {
  await initParquetEngine();
  return encodeParquet('truth', truthDataToArrow(truth.toData()), truthFileMetadata(run, setupId, command));
}
