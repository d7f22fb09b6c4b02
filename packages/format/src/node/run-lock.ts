import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FormatError } from '../errors.ts';

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock file holding the owner's pid. A lock left by a process that no longer runs is
 * taken over; a live owner makes `acquire` fail (or wait, when `waitMs` is given).
 */
export async function acquireLock(path: string, what: string, waitMs = 0): Promise<() => Promise<void>> {
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    // The pid is written to a private file first and linked into place, so a lock file is never
    // seen without its owner.
    const own = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await writeFile(own, String(process.pid));
    try {
      await link(own, path);
      return () => rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      await rm(own, { force: true });
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (!owner || !processAlive(owner)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) throw new FormatError(`${what} is locked by running process ${owner}`, { file: path });
    await new Promise((r) => setTimeout(r, 20));
  }
}
