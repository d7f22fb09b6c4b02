/**
 * Writes the truth sidecar block by block while the run is simulated: each block's rows are
 * encoded as they arrive (Parquet `quick` profile: Snappy), so the run's truth is never held
 * whole and the encoder works in warm memory. The file appears under its name only when closed.
 */
import { ParquetStreamWriter } from '@na64/format';
import { atomicFileSink } from '@na64/format/node';
import type { TruthData } from '../sim/truth.ts';
import { truthDataToArrow, truthFileMetadata } from '../sim/truth-parquet.ts';

export class TruthSidecarWriter {
  private readonly sink;
  private readonly parquet;

  constructor(readonly file: string, run: number, setupId: string, command: string) {
    this.sink = atomicFileSink(file);
    this.parquet = new ParquetStreamWriter('truth', truthFileMetadata(run, setupId, command), this.sink.write, { profile: 'quick', file });
  }

  get rows(): number {
    return this.parquet.rows;
  }

  /** Encodes a block's rows (the block may be reused once this resolves). */
  async write(block: TruthData): Promise<void> {
    if (block.length) await this.parquet.write(truthDataToArrow(block));
  }

  async close(): Promise<void> {
    await this.parquet.close();
    await this.sink.close();
  }

  async abort(): Promise<void> {
    await this.parquet.abort();
    await this.sink.abort();
  }
}
