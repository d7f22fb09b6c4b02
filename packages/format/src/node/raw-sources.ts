// Node-only byte sources for the raw codec: files, runs split into several chunk
// files, stdin, gzip (detected by its magic bytes, not by the file name).
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { constants as zlibConstants, createGunzip } from 'node:zlib';

export interface RawSourceOptions {
  /** Read size in bytes (default 1 MiB). */
  chunkBytes?: number;
  /** 'auto' (default): gunzip when the data starts with the gzip magic 1f 8b. */
  gunzip?: 'auto' | boolean;
}

function isGzip(chunk: Uint8Array): boolean {
  return chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b;
}

async function* toUint8(source: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const c of source) {
    if (c instanceof Uint8Array) yield c;
    else if (typeof c === 'string') yield new TextEncoder().encode(c);
    else throw new TypeError('raw source: chunk is not bytes');
  }
}

/**
 * Byte chunks of any readable (or async iterable of bytes), gunzipped when it starts with the gzip
 * magic. A truncated gzip stream yields what could be decompressed instead of failing, so the raw
 * decoder can report the truncated last event.
 */
export async function* rawFromReadable(
  source: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  options: RawSourceOptions = {},
): AsyncGenerator<Uint8Array> {
  const it = toUint8(source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  let first = await it.next();
  while (!first.done && first.value.length < 2 && options.gunzip !== false) {
    // Too short to see the gzip magic: join with the next chunk.
    const more = await it.next();
    if (more.done) break;
    const joined = new Uint8Array(first.value.length + more.value.length);
    joined.set(first.value, 0);
    joined.set(more.value, first.value.length);
    first = { done: false, value: joined };
  }
  if (first.done) return;
  const gz = options.gunzip === true || (options.gunzip !== false && isGzip(first.value));
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield first.value as Uint8Array;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  if (!gz) {
    yield* rest();
    return;
  }
  const gunzip = createGunzip({ finishFlush: zlibConstants.Z_SYNC_FLUSH, chunkSize: options.chunkBytes ?? 1 << 20 });
  Readable.from(rest()).on('error', (e) => gunzip.destroy(e)).pipe(gunzip);
  yield* toUint8(gunzip);
}

/** Chunks of one raw file (plain or gzip). */
export function openRawFile(path: string, options: RawSourceOptions = {}): AsyncGenerator<Uint8Array> {
  return rawFromReadable(createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 }), options);
}

/** The chunk files of one run, in the given order, as one continuous stream. */
export async function* openRawFiles(paths: readonly string[], options: RawSourceOptions = {}): AsyncGenerator<Uint8Array> {
  for (const p of paths) yield* openRawFile(p, options);
}

/** Standard input (plain or gzip). */
export function rawStdin(options: RawSourceOptions = {}): AsyncGenerator<Uint8Array> {
  return rawFromReadable(process.stdin, options);
}
