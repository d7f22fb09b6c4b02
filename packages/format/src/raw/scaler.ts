// Scaler block carried by EOB events: beam counters and EOT.
import { PayloadError } from './payload-codec.ts';
import type { PayloadCodec } from './payload-codec.ts';
import type { RawPayload, ScalerPayload } from './types.ts';

/** Marker in bits 16-31 of the scaler block header word. */
export const SCALER_MARKER = 0x5ca1;

/**
 * Names of the scaler counters by index (counts over the spill). Index 0 is the EOT: electrons on
 * target = beam-counter coincidences S0*S1*S2 (counted during the spill, not vetoed by DAQ busy).
 * Counters beyond this table are named `c<index>`.
 */
export const SCALER_NAMES = [
  'eot',
  's0',
  's1',
  's2',
  'triggers',
  'triggers_accepted',
  'spill_length_us',
  'busy_us',
] as const;
export type ScalerName = (typeof SCALER_NAMES)[number];

export const scalerCodec: PayloadCodec<ScalerPayload> = {
  kind: 'scaler',
  decode(words) {
    if (words.length < 1) throw new PayloadError('scaler block without header word', 0);
    const h = words[0];
    if (h >>> 16 !== SCALER_MARKER) throw new PayloadError(`scaler header 0x${h.toString(16)} lacks marker 0x5ca1`, 0);
    const n = h & 0xffff;
    if (words.length !== 1 + n) throw new PayloadError(`scaler header says ${n} counters, block has ${words.length - 1} words`, 0);
    return { kind: 'scaler', counts: words.slice(1) };
  },
  wordCount(p) {
    return 1 + p.counts.length;
  },
  encodeInto(p, out, at) {
    if (p.counts.length > 0xffff) throw new RangeError(`raw encode: ${p.counts.length} scaler counters (max 65535)`);
    out[at] = ((SCALER_MARKER << 16) | p.counts.length) >>> 0;
    out.set(p.counts, at + 1);
    return 1 + p.counts.length;
  },
};

/** Scaler payload from named counters (missing names count 0; trailing zeros beyond the table dropped). */
export function scalerPayload(counts: Partial<Record<ScalerName, number>> | readonly number[]): ScalerPayload {
  if (Array.isArray(counts)) return { kind: 'scaler', counts: Uint32Array.from(counts as readonly number[]) };
  const out = new Uint32Array(SCALER_NAMES.length);
  SCALER_NAMES.forEach((name, i) => {
    out[i] = (counts as Partial<Record<ScalerName, number>>)[name] ?? 0;
  });
  return { kind: 'scaler', counts: out };
}

/** Counters by name (`c<index>` beyond SCALER_NAMES). */
export function namedScalers(p: ScalerPayload): Record<string, number> {
  const out: Record<string, number> = {};
  p.counts.forEach((v, i) => {
    out[SCALER_NAMES[i] ?? `c${i}`] = v;
  });
  return out;
}

/** The scaler payload of an event (EOB), searched in equipments and multiplexer sub-blocks. */
export function findScalers(event: { equipments: readonly { payload: RawPayload }[] }): ScalerPayload | undefined {
  for (const eq of event.equipments) {
    if (eq.payload.kind === 'scaler') return eq.payload;
    if (eq.payload.kind === 'mux') {
      for (const b of eq.payload.blocks) if (b.payload.kind === 'scaler') return b.payload;
    }
  }
  return undefined;
}
