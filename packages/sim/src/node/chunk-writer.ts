/**
 * Copies byte runs into ~1 MiB chunks for a file sink (so the caller may reuse its buffers as
 * soon as `write` returns) and keeps one chunk in flight: the next chunk is filled (and events
 * simulated) while the previous one is being written.
 */
const CHUNK_BYTES = 1 << 20;

export class ChunkWriter {
  private chunk = new Uint8Array(CHUNK_BYTES);
  private size = 0;
  private inFlight: Promise<void> = Promise.resolve();
  /** Bytes accepted so far. */
  bytes = 0;

  constructor(private readonly sink: (chunk: Uint8Array) => void | Promise<void>) {}

  async write(b: Uint8Array): Promise<void> {
    this.bytes += b.length;
    let from = 0;
    while (from < b.length) {
      const n = Math.min(b.length - from, this.chunk.length - this.size);
      this.chunk.set(b.subarray(from, from + n), this.size);
      this.size += n;
      from += n;
      if (this.size === this.chunk.length) await this.startChunk();
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
    // The sink may hold the chunk until written: the next one is a fresh buffer.
    this.chunk = new Uint8Array(CHUNK_BYTES);
    this.size = 0;
    await this.inFlight;
    // Keep the promise for the next chunk; a failure surfaces at the next chunk or flush.
    this.inFlight = Promise.resolve(this.sink(out));
    this.inFlight.catch(() => undefined);
  }
}
