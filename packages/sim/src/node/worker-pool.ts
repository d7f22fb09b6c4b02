/**
 * Worker threads that simulate blocks of events for simulateToFile. Workers announce when they
 * are ready (loading the toolkit takes a second or more), and only then receive blocks, so the
 * main thread keeps simulating while they start and a run shorter than their start-up costs
 * nothing but the start-up itself.
 */
import type { Worker } from 'node:worker_threads';
import { siblingModule, startWorker } from '@na64/format/node';
import type { Setup } from '@na64/format/raw';
import type { SimulationOptions } from '../sim/run.ts';
import { recycleMessage, recycleTransferList } from './block-message.ts';
import type { BlockMessage } from './block-message.ts';

/**
 * Simulation options as plain data for a worker. The setup is the parsed (already validated)
 * document, copied by the structured clone; the worker does not validate it again.
 */
export interface WorkerInit {
  setup: Setup;
  options: Omit<SimulationOptions, 'setup' | 'seed'> & { seed: string };
}

/** What a worker posts: readiness, a simulated block, or a failure. */
export type WorkerReply = { ready: true } | { error: string } | BlockMessage;

export function workerInit(options: SimulationOptions): WorkerInit {
  const o: WorkerInit['options'] = { run: options.run, events: options.events, seed: String(options.seed) };
  if (options.process !== undefined) o.process = options.process;
  if (options.mass !== undefined) o.mass = options.mass;
  if (options.epsilon !== undefined) o.epsilon = options.epsilon;
  if (options.bias !== undefined) o.bias = options.bias;
  if (options.eventsPerSpill !== undefined) o.eventsPerSpill = options.eventsPerSpill;
  if (options.spotsPerShower !== undefined) o.spotsPerShower = options.spotsPerShower;
  if (options.msadc !== undefined) o.msadc = options.msadc;
  if (options.truth !== undefined) o.truth = options.truth;
  return { setup: options.setup, options: o };
}

interface PoolWorker {
  worker: Worker;
  ready: boolean;
  /** Blocks posted and not yet returned. */
  queued: number;
}

export class SimWorkerPool {
  private readonly workers: PoolWorker[] = [];
  private arrived: BlockMessage[] = [];
  /** The worker each arrived block came from (until its buffers are given back). */
  private readonly origin = new WeakMap<BlockMessage, PoolWorker>();
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  /** Blocks posted to workers and not yet returned. */
  outstanding = 0;
  /** Events simulated by the workers so far. */
  events = 0;

  constructor(init: WorkerInit, count: number) {
    const url = siblingModule(import.meta.url, 'worker');
    for (let i = 0; i < count; i++) {
      const pw: PoolWorker = { worker: startWorker(url, { workerData: init }), ready: false, queued: 0 };
      pw.worker.on('message', (m: WorkerReply) => this.receive(pw, m));
      pw.worker.on('error', (e: Error) => this.fail(e));
      pw.worker.on('exit', (code) => {
        if (pw.queued > 0) this.fail(new Error(`simulation worker exited (code ${code}) with ${pw.queued} block(s) unfinished`));
      });
      this.workers.push(pw);
    }
  }

  private receive(pw: PoolWorker, m: WorkerReply): void {
    if ('ready' in m) pw.ready = true;
    else if ('error' in m) return this.fail(new Error(m.error));
    else {
      pw.queued--;
      this.outstanding--;
      this.events += m.count;
      this.origin.set(m, pw);
      this.arrived.push(m);
    }
    this.notify();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Posts events [first, first + count) to a ready worker holding fewer than `depth` blocks. */
  offer(first: number, count: number, depth: number): boolean {
    if (this.failure) throw this.failure;
    let best: PoolWorker | undefined;
    for (const pw of this.workers) if (pw.ready && pw.queued < depth && (!best || pw.queued < best.queued)) best = pw;
    if (!best) return false;
    best.queued++;
    this.outstanding++;
    best.worker.postMessage({ first, count });
    return true;
  }

  /** Hands a written block's buffers back to the worker that simulated it. */
  giveBack(m: BlockMessage): void {
    const pw = this.origin.get(m);
    this.origin.delete(m);
    if (!pw) return;
    const r = recycleMessage(m);
    pw.worker.postMessage(r, recycleTransferList(r));
  }

  /** Resolves when every worker is ready (or one failed). */
  async allReady(): Promise<void> {
    while (!this.failure && !this.workers.every((pw) => pw.ready)) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
  }

  /** The blocks that arrived since the last call. */
  take(): BlockMessage[] {
    if (this.failure) throw this.failure;
    const a = this.arrived;
    this.arrived = [];
    return a;
  }

  /** Resolves at the next message from any worker. */
  next(): Promise<void> {
    if (this.failure || this.arrived.length) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((pw) => pw.worker.terminate()));
  }
}
