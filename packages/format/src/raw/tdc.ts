// Straw TDC payload: one F1-style word per hit.
import { PayloadError } from './payload-codec.ts';
import type { PayloadCodec } from './payload-codec.ts';
import type { TdcPayload } from './types.ts';
import { checkField } from './words.ts';

/** Hit word: time bits 0-15, channel bits 16-21, port bits 22-25, bits 26-31 zero (unchecked). */
export function tdcHitWord(time: number, channel: number, port: number): number {
  return (time | (channel << 16) | (port << 22)) >>> 0;
}

export const tdcCodec: PayloadCodec<TdcPayload> = {
  kind: 'tdc',
  decode(words) {
    const n = words.length;
    const time = new Uint16Array(n);
    const channel = new Uint8Array(n);
    const port = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const w = words[i];
      if (w >>> 26 !== 0) throw new PayloadError(`TDC word 0x${w.toString(16)} has bits 26-31 set`, i);
      time[i] = w & 0xffff;
      channel[i] = (w >>> 16) & 0x3f;
      port[i] = (w >>> 22) & 0xf;
    }
    return { kind: 'tdc', time, channel, port };
  },
  wordCount(p) {
    return p.time.length;
  },
  encodeInto(p, out, at) {
    const n = p.time.length;
    if (p.channel.length !== n || p.port.length !== n) throw new RangeError('raw encode: TDC columns differ in length');
    for (let i = 0; i < n; i++) {
      checkField('TDC channel', p.channel[i], 6);
      checkField('TDC port', p.port[i], 4);
      out[at + i] = tdcHitWord(p.time[i], p.channel[i], p.port[i]);
    }
    return n;
  },
};

/** TDC payload from hit objects. */
export function tdcPayload(hits: readonly { time: number; channel: number; port: number }[]): TdcPayload {
  return {
    kind: 'tdc',
    time: Uint16Array.from(hits, (h) => h.time),
    channel: Uint8Array.from(hits, (h) => h.channel),
    port: Uint8Array.from(hits, (h) => h.port),
  };
}
