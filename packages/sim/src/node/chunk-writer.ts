/**
 * Gathers small byte runs into ~1 MiB chunks for a file sink and keeps one chunk in flight:
 * the next chunk is assembled (and events simulated) while the previous one is being written.
 */
const CHUNK_BYTES = 1 << 20;

export class ChunkWriter {
  private parts: Uint8Array[] = [];
  private size = 0;
  private inFlight: Promise<void> = Promise.resolve();
  /** Bytes accepted so far. */
  bytes = 0;

  constructor(private readonly sink: (chunk: Uint8Array) => void | Promise<void>) {}

  async write(b: Uint8Array): Promise<void> {
    this.parts.push(b);
    this.size += b.length;
    this.bytes += b.length;
    if (this.size >= CHUNK_BYTES) await this.startChunk();
  }

  /** Writes what is buffered and waits until every chunk is written. */
  async flush(): Promise<void> {
    await this.startChunk();
    await this.inFlight;
  }

  private async startChunk(): Promise<void> {
    if (!this.size) return;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    this.parts = [];
    this.size = 0;
    await this.inFlight;
    const written = this.sink(out);
    // Keep the promise for the next chunk; a failure surfaces at the next write or flush.
    this.inFlight = Promise.resolve(written);
    this.inFlight.catch(() => undefined);
  }
}
