import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import type { RawSink } from '../raw/writer.ts';

export interface FileSink {
  /**
   * Appends a chunk; resolves once the bytes are in the file, so the caller may then reuse the
   * chunk's memory. Chunks are written in call order even when the calls do not wait.
   */
  write: RawSink;
  /** Finishes the file: waits for pending writes and renames the temporary file into place. */
  close(): Promise<void>;
  /** Drops the temporary file (after an error). */
  abort(): Promise<void>;
}

/**
 * A sink writing to `path` atomically: bytes go to `path + '.partial'`, renamed on close, so an
 * interrupted write never leaves a file that looks whole.
 */
export function atomicFileSink(path: string): FileSink {
  const tmp = `${path}.partial`;
  const handle = open(tmp, 'w');
  handle.catch(() => undefined); // the error is reported by the first write or close
  // Each write waits for the one before; a failure is kept and surfaces at every later call.
  let tail: Promise<unknown> = handle;
  const writeAll = async (file: FileHandle, chunk: Uint8Array): Promise<void> => {
    for (let done = 0; done < chunk.length; ) done += (await file.write(chunk, done, chunk.length - done)).bytesWritten;
  };
  return {
    write(chunk) {
      const next = tail.then(() => handle.then((file) => writeAll(file, chunk)));
      tail = next;
      return next;
    },
    async close() {
      await tail;
      await (await handle).close();
      await rename(tmp, path);
    },
    async abort() {
      await tail.catch(() => undefined);
      await (await handle.catch(() => undefined))?.close().catch(() => undefined);
      await rm(tmp, { force: true });
    },
  };
}
