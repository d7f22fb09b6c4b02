import { FormatError, RawStreamReader } from '@na64/format';
import { openRawFile } from '@na64/format/node';

/** Run number of the first intact event of a raw file. */
export async function peekRun(file: string): Promise<number> {
  const reader = new RawStreamReader(openRawFile(file), { maxProblemsKept: 10 });
  for await (const record of reader) return record.event.header.run;
  throw new FormatError('no readable event found; expected a raw DATE stream', { file });
}

/**
 * Groups raw files by run (chunk files of one run are decoded as one stream, in name order), runs
 * in ascending order.
 */
export async function groupFilesByRun(files: string[]): Promise<{ run: number; files: string[] }[]> {
  const byRun = new Map<number, string[]>();
  for (const f of files) {
    const run = await peekRun(f);
    byRun.set(run, [...(byRun.get(run) ?? []), f]);
  }
  return [...byRun.entries()].sort((a, b) => a[0] - b[0]).map(([run, fs]) => ({ run, files: fs.sort() }));
}
