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

/** The buffers of a message, for postMessage's transfer list (each buffer once). */
export function transferList(m: BlockMessage): ArrayBuffer[] {
  const views: ArrayBufferView[] = [m.bytes, m.offsets, m.weights, m.flags, m.truth.weight, m.truth.process];
  for (const a of m.truth.int) views.push(a);
  for (const a of m.truth.f32) views.push(a);
  const buffers = new Set<ArrayBuffer>();
  for (const v of views) buffers.add(v.buffer as ArrayBuffer);
  return [...buffers];
}
