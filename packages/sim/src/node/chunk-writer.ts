/**
 * Copies byte runs into ~1 MiB chunks for a file sink and keeps one chunk in flight: the next
 * chunk is filled (and events simulated) while the previous one is being written. The sink's
 * promise must settle once the chunk is written; two chunks then take turns, so the writer never
 * touches fresh memory after its start.
 */
const CHUNK_BYTES = 1 << 20;

export class ChunkWriter {
  private chunk = new Uint8Array(CHUNK_BYTES);
  /** The chunk being written (or written), reused when its write has settled. */
  private other = new Uint8Array(CHUNK_BYTES);
  private size = 0;
  private inFlight: Promise<void> = Promise.resolve();
  /** Bytes accepted so far. */
  bytes = 0;

  constructor(private readonly sink: (chunk: Uint8Array) => void | Promise<void>) {}

  async write(b: Uint8Array): Promise<void> {
    this.bytes += b.length;
    let from = 0;
    while (from < b.length) {
      const n = Math.min(b.length - from, CHUNK_BYTES - this.size);
      this.chunk.set(b.subarray(from, from + n), this.size);
      this.size += n;
      from += n;
      if (this.size === CHUNK_BYTES) await this.startChunk();
    }
  }

  /** Writes what is buffered and waits until every chunk is written. */
  async flush(): Promise<void> {
    await this.startChunk();
    await this.inFlight;
  }

  private async startChunk(): Promise<void> {
    if (!this.size) return;
    const out = this.chunk.subarray(0, this.size);
    // The other chunk is free again once its write has settled.
    await this.inFlight;
    [this.chunk, this.other] = [this.other, this.chunk];
    this.size = 0;
    // Keep the promise for the next chunk; a failure surfaces at the next chunk or flush.
    this.inFlight = Promise.resolve(this.sink(out));
    this.inFlight.catch(() => undefined);
  }
}
