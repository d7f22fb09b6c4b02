/**
 * Simulates a run into a raw DAQ file plus its truth sidecar. With `jobs` > 1, worker threads
 * simulate blocks of consecutive events (each event from its own seeded stream) and this thread
 * writes them in order, inserting SOB/EOB around every spill: the bytes are the same for any
 * number of jobs.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { encodeRawEvent } from '@na64/format';
import { rawFileSink, writeFileAtomic } from '@na64/format/node';
import type { Setup } from '@na64/format';
import { RunSimulator, eventPosition } from '../sim/run.ts';
import type { RunPhysics, SimulatedBlock, SimulationOptions } from '../sim/run.ts';
import { TruthColumns, encodeTruthParquet, truthSidecarPath } from '../sim/truth.ts';
import type { TruthData } from '../sim/truth.ts';
import { EVENT_FLAGS } from '../sim/transport.ts';

export interface SimulateFileOptions extends SimulationOptions {
  /** Raw output file; the truth goes to `<out>.truth.parquet`. */
  out: string;
  /** Worker threads (default 1: simulate in this thread). */
  jobs?: number;
  /** Command line recorded in the truth file metadata. */
  command?: string;
  /** Called after each written block with the number of events done. */
  onProgress?: (done: number, total: number) => void;
  /** Events per work block (default 500). */
  blockEvents?: number;
}

export interface SimulateFileResult {
  events: number;
  spills: number;
  eot: number;
  bytes: number;
  truthRows: number;
  truthFile: string;
  seconds: number;
  physics: RunPhysics;
  /** Events with an A' emission, a dimuon conversion; sum of weights. */
  aPrimeEvents: number;
  dimuonEvents: number;
  weightSum: number;
}

/** Serializable block result (what workers post). */
export interface BlockMessage {
  first: number;
  count: number;
  bytes: Uint8Array;
  offsets: Uint32Array;
  truth: TruthData;
  weights: Float64Array;
  flags: Uint8Array;
}

export function blockMessage(b: SimulatedBlock): BlockMessage {
  return { first: b.first, count: b.count, bytes: b.bytes, offsets: b.offsets, truth: b.truth.toData(), weights: b.weights, flags: b.flags };
}

/** Byte chunker in front of the file sink (about 1 MiB per write). */
class ChunkWriter {
  private parts: Uint8Array[] = [];
  private size = 0;
  bytes = 0;
  constructor(private readonly sink: (chunk: Uint8Array) => void | Promise<void>) {}
  async write(b: Uint8Array): Promise<void> {
    this.parts.push(b);
    this.size += b.length;
    this.bytes += b.length;
    if (this.size >= 1 << 20) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.size) return;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    this.parts = [];
    this.size = 0;
    await this.sink(out);
  }
}

export async function simulateToFile(options: SimulateFileOptions): Promise<SimulateFileResult> {
  const t0 = performance.now();
  const sim = new RunSimulator(options);
  const o = sim.options;
  const jobs = Math.max(1, Math.floor(options.jobs ?? 1));
  const blockEvents = Math.max(1, options.blockEvents ?? 500);
  const sink = rawFileSink(options.out);
  const writer = new ChunkWriter((c) => sink.write(c));
  const truth = new TruthColumns();
  let aPrimeEvents = 0;
  let dimuonEvents = 0;
  let weightSum = 0;
  let eot = 0;
  let done = 0;
  const writeBlock = async (b: BlockMessage): Promise<void> => {
    // Events between spill boundaries go to the writer as one run of bytes.
    let runStart = 0;
    for (let j = 0; j < b.count; j++) {
      const pos = eventPosition(b.first + j, o.eventsPerSpill);
      if (pos.eventInSpill === 1) {
        if (j > runStart) await writer.write(b.bytes.subarray(b.offsets[runStart], b.offsets[j]));
        runStart = j;
        await writer.write(encodeRawEvent(sim.sob(pos.spill)));
      }
      if (pos.eventInSpill === sim.eventsInSpill(pos.spill)) {
        await writer.write(b.bytes.subarray(b.offsets[runStart], b.offsets[j + 1]));
        runStart = j + 1;
        await writer.write(encodeRawEvent(sim.eob(pos.spill)));
        eot += sim.eventsInSpill(pos.spill);
      }
      const f = b.flags[j];
      if (f & EVENT_FLAGS.aPrime) aPrimeEvents++;
      if (f & EVENT_FLAGS.dimuon) dimuonEvents++;
      weightSum += b.weights[j];
    }
    if (b.count > runStart) await writer.write(b.bytes.subarray(b.offsets[runStart], b.offsets[b.count]));
    truth.appendData(b.truth);
    done += b.count;
    options.onProgress?.(done, o.events);
  };
  try {
    await writer.write(encodeRawEvent(sim.sor()));
    if (jobs === 1 || o.events <= blockEvents) {
      for (let first = 0; first < o.events; first += blockEvents) {
        const b = sim.simulateBlock(first, Math.min(blockEvents, o.events - first));
        await writeBlock(blockMessage(b));
      }
    } else {
      await runWorkers(options.setup, options, jobs, blockEvents, o.events, writeBlock);
    }
    await writer.write(encodeRawEvent(sim.eor()));
    await writer.flush();
    await sink.close();
  } catch (e) {
    await sink.abort();
    throw e;
  }
  const truthFile = truthSidecarPath(options.out);
  await writeFileAtomic(truthFile, await encodeTruthParquet(truth, o.run, sim.setupId, options.command ?? 'na64 simulate'));
  return {
    events: o.events,
    spills: sim.spills,
    eot,
    bytes: writer.bytes,
    truthRows: truth.length,
    truthFile,
    seconds: (performance.now() - t0) / 1000,
    physics: sim.physics,
    aPrimeEvents,
    dimuonEvents,
    weightSum,
  };
}

/**
 * Starts the worker module. A TypeScript source (running from the workspace) is loaded through
 * tsx's loader registered inside the worker; a built .js file is started directly.
 */
function startWorker(url: URL, workerData: WorkerInit): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const api = pathToFileURL(cjs.replace(/index\.cjs$/, 'index.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/** Simulation options as plain data for a worker (the setup travels as its JSON document). */
export interface WorkerInit {
  setup: Setup;
  options: Omit<SimulationOptions, 'setup' | 'seed'> & { seed: string };
}

async function runWorkers(
  setup: Setup,
  options: SimulationOptions,
  jobs: number,
  blockEvents: number,
  total: number,
  write: (b: BlockMessage) => Promise<void>,
): Promise<void> {
  const { setup: _s, ...rest } = options as SimulationOptions & { onProgress?: unknown; out?: unknown };
  void _s;
  const plain: WorkerInit = {
    setup: JSON.parse(JSON.stringify(setup)) as Setup,
    options: {
      run: rest.run,
      events: rest.events,
      seed: String(rest.seed),
      ...(rest.process !== undefined ? { process: rest.process } : {}),
      ...(rest.mass !== undefined ? { mass: rest.mass } : {}),
      ...(rest.epsilon !== undefined ? { epsilon: rest.epsilon } : {}),
      ...(rest.bias !== undefined ? { bias: rest.bias } : {}),
      ...(rest.eventsPerSpill !== undefined ? { eventsPerSpill: rest.eventsPerSpill } : {}),
      ...(rest.spotsPerShower !== undefined ? { spotsPerShower: rest.spotsPerShower } : {}),
      ...(rest.msadc !== undefined ? { msadc: rest.msadc } : {}),
    },
  };
  const url = new URL('./worker.ts', import.meta.url);
  const workers: Worker[] = [];
  const pending = new Map<number, BlockMessage>();
  let nextToWrite = 0;
  let nextToAssign = 0;
  let writing: Promise<void> = Promise.resolve();
  let failed: unknown;
  const maxAhead = 4 * jobs; // bound the blocks held in memory
  await new Promise<void>((resolve, reject) => {
    let active = 0;
    const fail = (e: unknown): void => {
      if (failed) return;
      failed = e;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    const assign = (w: Worker): boolean => {
      if (nextToAssign >= total || (nextToAssign - nextToWrite) / blockEvents >= maxAhead) return false;
      const first = nextToAssign;
      const count = Math.min(blockEvents, total - first);
      nextToAssign += count;
      w.postMessage({ first, count });
      return true;
    };
    const idle: Worker[] = [];
    const drain = (): void => {
      writing = writing.then(async () => {
        while (pending.has(nextToWrite)) {
          const b = pending.get(nextToWrite)!;
          pending.delete(nextToWrite);
          nextToWrite += b.count;
          await write(b);
        }
        while (idle.length && assign(idle[idle.length - 1])) idle.pop();
        if (nextToWrite >= total) {
          for (const w of workers) void w.terminate();
          resolve();
        }
      }).catch(fail);
    };
    for (let j = 0; j < jobs; j++) {
      const w = startWorker(url, plain);
      workers.push(w);
      active++;
      w.on('message', (m: BlockMessage | { error: string }) => {
        if ('error' in m) return fail(new Error(m.error));
        pending.set(m.first, m);
        if (!assign(w)) idle.push(w);
        drain();
      });
      w.on('error', fail);
      w.on('exit', () => {
        active--;
        void active;
      });
      if (!assign(w)) idle.push(w);
    }
  });
  await writing;
}
