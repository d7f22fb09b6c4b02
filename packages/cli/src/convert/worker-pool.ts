import { FormatError } from '@na64/format';
import { loadSetup, siblingModule, startWorker } from '@na64/format/node';
import { convertRun, type RunReport } from './run-converter.ts';
import { reconstructStep } from './reconstruct-step.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

export interface RunJob {
  files: string[];
}

/**
 * Converts runs in `jobs` threads, each run in one thread (a run's output is the same as in a
 * single thread): the main thread, whose modules are already loaded, converts runs too, next to
 * `jobs - 1` worker threads (each worker pays its own start-up: loading and compiling the
 * modules). Errors of a run are rethrown in the main thread with their message.
 */
export async function convertInWorkers(
  runs: RunJob[],
  jobs: number,
  common: { datasetDir: string; setup: string; command: string; strict: boolean },
  onProgress: (index: number, bytes: number) => void,
  signal: AbortSignal,
): Promise<RunReport[]> {
  const reports: RunReport[] = new Array(runs.length);
  const queue = runs.map((r, i) => ({ files: r.files, id: i }));
  const threads = Math.max(1, Math.min(jobs, runs.length));
  const workers = Array.from({ length: threads - 1 }, () => startWorker(siblingModule(import.meta.url, 'convert-worker')));
  // Stops the main thread's run when the command is interrupted or a worker fails.
  const local = new AbortController();
  const onAbort = () => {
    local.abort();
    workers.forEach((w) => w.postMessage({ type: 'abort' } satisfies WorkerRequest));
  };
  signal.addEventListener('abort', onAbort);
  const inMainThread = async (): Promise<void> => {
    const first = queue.shift();
    if (!first) return;
    const reconstruct = await reconstructStep();
    const setup = loadSetup(common.setup);
    for (let job: typeof first | undefined = first; job; job = queue.shift()) {
      const id = job.id;
      reports[id] = await convertRun(job.files, {
        datasetDir: common.datasetDir,
        setup,
        command: common.command,
        strict: common.strict,
        reconstruct,
        signal: local.signal,
        onProgress: (bytes) => onProgress(id, bytes),
      });
    }
  };
  const main = inMainThread();
  try {
    await Promise.all([
      main,
      ...workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const job = queue.shift();
              if (!job) return resolve();
              worker.postMessage({ type: 'convert', id: job.id, files: job.files, ...common } satisfies WorkerRequest);
            };
            worker.on('message', (reply: WorkerReply) => {
              if (reply.type === 'progress') onProgress(reply.id, reply.bytes);
              else if (reply.type === 'done') {
                reports[reply.id] = reply.report;
                next();
              } else {
                const e = reply.name === 'FormatError' || reply.name === 'StrictModeError' ? new FormatError(reply.message) : new Error(reply.message);
                if (!(e instanceof FormatError)) e.stack = reply.stack;
                reject(e);
              }
            });
            worker.on('error', reject);
            next();
          }),
      ),
    ]);
    return reports;
  } catch (error) {
    // A worker failed: the main thread's run stops too (its writer drops what it staged).
    local.abort();
    await main.catch(() => undefined);
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
