/**
 * A simulated block as plain data for posting between threads: typed arrays only, so that every
 * buffer is transferred (moved) instead of copied by the structured clone.
 */
import type { SimulatedBlock } from '../sim/run.ts';
import type { TruthData } from '../sim/truth.ts';

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

/** The buffers behind some views, each once (a transfer list for postMessage). */
function buffersOf(views: ArrayBufferView[]): ArrayBuffer[] {
  return [...new Set(views.map((v) => v.buffer as ArrayBuffer))];
}

function truthViews(t: TruthData): ArrayBufferView[] {
  return [t.weight, t.process, ...t.int, ...t.f32];
}

/** The buffers of a message, for postMessage's transfer list. */
export function transferList(m: BlockMessage): ArrayBuffer[] {
  return buffersOf([m.bytes, m.offsets, m.weights, m.flags, ...truthViews(m.truth)]);
}

/** A written block's buffers going back to the thread that simulated it, for its next blocks. */
export interface RecycleMessage {
  recycle: { bytes: Uint8Array; truth: TruthData };
}

export function recycleMessage(m: BlockMessage): RecycleMessage {
  return { recycle: { bytes: m.bytes, truth: m.truth } };
}

/** The buffers of a recycle message, for postMessage's transfer list. */
export function recycleTransferList(m: RecycleMessage): ArrayBuffer[] {
  return buffersOf([m.recycle.bytes, ...truthViews(m.recycle.truth)]);
}
