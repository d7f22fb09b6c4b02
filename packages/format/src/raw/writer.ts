// Streaming encoder: events -> byte chunks -> a sink.
import { encodeRawEventWords } from './event-codec.ts';
import type { RawByteOrder, RawEvent } from './types.ts';
import { wordsToBytes } from './words.ts';

/** Receives encoded chunks in order; may be async (back-pressure is respected by awaiting it). */
export type RawSink = (chunk: Uint8Array) => void | Promise<void>;

export interface RawWriterOptions {
  /** Byte order of everything written (default: each event's own `byteOrder`). */
  byteOrder?: RawByteOrder;
  /** Events are gathered into chunks of about this size before reaching the sink (default 1 MiB). */
  chunkBytes?: number;
}

export class RawWriter {
  private readonly sink: RawSink;
  private readonly byteOrder: RawByteOrder | undefined;
  private readonly chunkBytes: number;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private closed = false;
  bytesWritten = 0;
  eventsWritten = 0;

  constructor(sink: RawSink, options: RawWriterOptions = {}) {
    this.sink = sink;
    this.byteOrder = options.byteOrder;
    this.chunkBytes = options.chunkBytes ?? 1 << 20;
  }

  /** Append one event; returns its byte offset in the written stream. */
  async write(event: RawEvent): Promise<number> {
    if (this.closed) throw new Error('RawWriter.write after close()');
    const bytes = wordsToBytes(encodeRawEventWords(event), this.byteOrder ?? event.byteOrder);
    const offset = this.bytesWritten;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.bytesWritten += bytes.length;
    this.eventsWritten++;
    if (this.pendingBytes >= this.chunkBytes) await this.flush();
    return offset;
  }

  /** Hand everything buffered to the sink. */
  async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const chunk = this.pending.length === 1 ? this.pending[0] : concatBytes(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    await this.sink(chunk);
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Encode events back to back into one buffer (tests, fixtures, small streams). */
export function encodeRawStream(events: Iterable<RawEvent>, byteOrder?: RawByteOrder): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of events) parts.push(wordsToBytes(encodeRawEventWords(e), byteOrder ?? e.byteOrder));
  return concatBytes(parts);
}
