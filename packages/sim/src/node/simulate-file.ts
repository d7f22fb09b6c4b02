/**
 * Simulates a run into a raw DAQ file plus its truth sidecar. The main thread simulates blocks of
 * consecutive events (each event from its own seeded stream) and writes them in order, inserting
 * SOB/EOB around every spill; with `jobs` > 1 it shares the blocks with jobs - 1 worker threads
 * as soon as they have started. The bytes are the same for any number of jobs.
 */
import { rm } from 'node:fs/promises';
import { truthSidecarPath } from '@na64/format';
import { encodeRawEvent } from '@na64/format/raw';
import { atomicFileSink } from '@na64/format/node';
import { RunSimulator, eventPosition } from '../sim/run.ts';
import type { RunPhysics, SimulatedBlock, SimulationOptions } from '../sim/run.ts';
import { EVENT_FLAGS } from '../sim/transport.ts';
import { blockMessage } from './block-message.ts';
import type { BlockMessage } from './block-message.ts';
import { ChunkWriter } from './chunk-writer.ts';
import { TruthSidecarWriter } from './truth-sidecar-writer.ts';
import { SimWorkerPool, workerInit } from './worker-pool.ts';

export type { BlockMessage } from './block-message.ts';
export { blockMessage } from './block-message.ts';

export interface SimulateFileOptions extends SimulationOptions {
  /** Raw output file; the truth goes to `<out>.truth.parquet` (none with truth level 'none'). */
  out: string;
  /** Threads simulating (default 1: this thread only; n: this thread and n - 1 workers). */
  jobs?: number;
  /** Command line recorded in the truth file metadata. */
  command?: string;
  /** Called after each written block with the number of events done. */
  onProgress?: (done: number, total: number) => void;
  /** Events per work block (default 500). */
  blockEvents?: number;
  /**
   * Wait until the workers have started before simulating (default false: this thread starts at
   * once and the workers join when ready, so short runs may not use them at all).
   */
  waitForWorkers?: boolean;
}

export interface SimulateFileResult {
  events: number;
  spills: number;
  eot: number;
  bytes: number;
  truthRows: number;
  /** The truth sidecar (undefined with truth level 'none'). */
  truthFile: string | undefined;
  seconds: number;
  physics: RunPhysics;
  /** Events with an A' emission, a dimuon conversion; sum of weights. */
  aPrimeEvents: number;
  dimuonEvents: number;
  weightSum: number;
  /** Events simulated by worker threads (the rest by the calling thread). */
  workerEvents: number;
}

/** Lets queued worker messages in (they arrive as macrotasks). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function simulateToFile(options: SimulateFileOptions): Promise<SimulateFileResult> {
  const t0 = performance.now();
  const sim = new RunSimulator(options);
  const o = sim.options;
  const jobs = Math.max(1, Math.floor(options.jobs ?? 1));
  const blockEvents = Math.max(1, options.blockEvents ?? 500);
  const sink = atomicFileSink(options.out);
  const writer = new ChunkWriter(sink.write);
  const truthFile = truthSidecarPath(options.out);
  const truth = o.truth === 'none' ? undefined : new TruthSidecarWriter(truthFile, o.run, sim.setupId, options.command ?? 'na64 simulate');
  let aPrimeEvents = 0;
  let dimuonEvents = 0;
  let weightSum = 0;
  let eot = 0;
  let done = 0;
  let workerEvents = 0;
  /** Writes a block; `local`: the same block simulated by this thread (its buffers are reused). */
  const writeBlock = async (b: BlockMessage, local?: SimulatedBlock): Promise<void> => {
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
    await truth?.write(b.truth);
    if (local) sim.recycle(local);
    done += b.count;
    options.onProgress?.(done, o.events);
  };
  try {
    await writer.write(encodeRawEvent(sim.sor()));
    workerEvents = await runBlocks(sim, jobs, blockEvents, options, writeBlock);
    await writer.write(encodeRawEvent(sim.eor()));
    await writer.flush();
    // The truth first: a raw file never appears without its sidecar, nor next to the sidecar
    // of an earlier run of the same name.
    if (truth) await truth.close();
    else await rm(truthFile, { force: true });
    await sink.close();
  } catch (e) {
    await Promise.all([truth?.abort(), sink.abort()]);
    throw e;
  }
  return {
    events: o.events,
    spills: sim.spills,
    eot,
    bytes: writer.bytes,
    truthRows: truth?.rows ?? 0,
    truthFile: truth?.file,
    seconds: (performance.now() - t0) / 1000,
    physics: sim.physics,
    aPrimeEvents,
    dimuonEvents,
    weightSum,
    workerEvents,
  };
}

/**
 * Simulates all blocks, in this thread and in the workers, and hands them to `write` in event
 * order. At most `4 jobs` blocks are held ahead of the writer. Returns the events the workers did.
 */
async function runBlocks(
  sim: RunSimulator,
  jobs: number,
  blockEvents: number,
  options: SimulateFileOptions,
  write: (b: BlockMessage, local?: SimulatedBlock) => Promise<void>,
): Promise<number> {
  const total = sim.options.events;
  const pool = jobs > 1 && total > blockEvents ? new SimWorkerPool(workerInit(options), jobs - 1) : undefined;
  const pending = new Map<number, BlockMessage>();
  const local = new Map<number, SimulatedBlock>();
  const maxAhead = 4 * jobs * blockEvents;
  let nextToAssign = 0;
  let nextToWrite = 0;
  try {
    if (pool && options.waitForWorkers) await pool.allReady();
    while (nextToWrite < total) {
      if (pool) {
        // A second queued block per worker hides the wait for this thread's next yield, but near
        // the end it would leave this thread idle while a worker works off its queue.
        const depth = total - nextToAssign > 2 * jobs * blockEvents ? 2 : 1;
        while (nextToAssign < total && nextToAssign - nextToWrite < maxAhead) {
          const count = Math.min(blockEvents, total - nextToAssign);
          if (!pool.offer(nextToAssign, count, depth)) break;
          nextToAssign += count;
        }
      }
      if (nextToAssign < total && nextToAssign - nextToWrite < maxAhead) {
        const count = Math.min(blockEvents, total - nextToAssign);
        const b = sim.simulateBlock(nextToAssign, count);
        pending.set(nextToAssign, blockMessage(b));
        local.set(nextToAssign, b);
        nextToAssign += count;
      } else if (pool) await pool.next();
      if (pool) {
        await yieldToEventLoop();
        for (const m of pool.take()) pending.set(m.first, m);
      }
      for (let b = pending.get(nextToWrite); b; b = pending.get(nextToWrite)) {
        const l = local.get(nextToWrite);
        pending.delete(nextToWrite);
        local.delete(nextToWrite);
        nextToWrite += b.count;
        await write(b, l);
        if (!l) pool?.giveBack(b);
      }
    }
    return pool?.events ?? 0;
  } finally {
    await pool?.close();
  }
}
