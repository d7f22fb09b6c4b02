// Streaming decode over async (or sync) iterables of byte chunks; constant memory.
import { RawFramer } from './framer.ts';
import type { RawFramerOptions } from './framer.ts';
import type { RawDecodeSummary, RawEventRecord, RawProblem, RawRecord } from './types.ts';

/** Any source of byte chunks: a Node stream, a fetch body reader wrapped as iterable, an array. */
export type RawByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export type RawDecodeOptions = RawFramerOptions;

/**
 * Reads a raw stream. Iterating the reader yields intact and damaged-but-kept events; `records()`
 * yields problem records as well, in stream order. `problems` and `summary()` are available during
 * and after iteration. One iteration per reader.
 */
export class RawStreamReader implements AsyncIterable<RawEventRecord> {
  private readonly framer: RawFramer;
  private readonly source: RawByteSource;
  private used = false;

  constructor(source: RawByteSource, options: RawDecodeOptions = {}) {
    this.source = source;
    this.framer = new RawFramer(options);
  }

  get problems(): readonly RawProblem[] {
    return this.framer.problems;
  }

  summary(): RawDecodeSummary {
    return this.framer.summary();
  }

  async *records(): AsyncGenerator<RawRecord, void, undefined> {
    if (this.used) throw new Error('RawStreamReader can be iterated once');
    this.used = true;
    const f = this.framer;
    for await (const chunk of this.source as AsyncIterable<Uint8Array>) {
      f.push(chunk);
      for (let r = f.next(); r; r = f.next()) yield r;
    }
    f.end();
    for (let r = f.next(); r; r = f.next()) yield r;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RawEventRecord, void, undefined> {
    for await (const r of this.records()) if (r.kind === 'event') yield r;
  }
}

/** Shorthand: all records (events and problems) of a byte source. */
export function readRawRecords(source: RawByteSource, options: RawDecodeOptions = {}): AsyncGenerator<RawRecord, void, undefined> {
  return new RawStreamReader(source, options).records();
}

export interface RawBufferDecodeResult {
  events: RawEventRecord[];
  problems: RawProblem[];
  summary: RawDecodeSummary;
}

/** Decode a stream held in memory (one buffer or chunks), synchronously. */
export function decodeRawBuffer(bytes: Uint8Array | readonly Uint8Array[], options: RawDecodeOptions = {}): RawBufferDecodeResult {
  const f = new RawFramer({ maxProblemsKept: Infinity, ...options });
  const events: RawEventRecord[] = [];
  const drain = (): void => {
    for (let r = f.next(); r; r = f.next()) if (r.kind === 'event') events.push(r);
  };
  for (const c of bytes instanceof Uint8Array ? [bytes] : bytes) {
    f.push(c);
    drain();
  }
  f.end();
  drain();
  return { events, problems: f.problems, summary: f.summary() };
}
