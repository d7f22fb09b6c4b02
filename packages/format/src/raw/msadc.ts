// MSADC payload, COMPASS "data format 3" (calorimeters, counters, SRD, veto).
import { PayloadError } from './payload-codec.ts';
import type { PayloadCodec } from './payload-codec.ts';
import type { MsadcBlock, MsadcPayload } from './types.ts';
import { checkField } from './words.ts';

// ADC block header: event&4095 (0-11), size in words incl. header (12-23), error (24),
// adc id (25-26), port (27-29), key (30-31) = 3.
// Channel header: sum (0-15), sample count (16-24), zero (25), channel (26-29), id (30-31) = 1.
// Data word: sample 2k (0-11), sample 2k+1 (12-23), tag (24-31); odd count: upper sample 0.

/** ADC block header word (fields unchecked: the caller guarantees their widths). */
export function msadcBlockHeaderWord(event: number, sizeWords: number, error: boolean, adcId: number, port: number): number {
  return (event | (sizeWords << 12) | ((error ? 1 : 0) << 24) | (adcId << 25) | (port << 27) | (3 << 30)) >>> 0;
}

/**
 * Writes one channel (header and data words) at out[at..) from samples[s0, s0 + count) and
 * tags[t0, t0 + ceil(count / 2)); returns the words written. Samples must fit 12 bits and the
 * other fields their widths (unchecked).
 */
export function writeMsadcChannel(
  out: Uint32Array,
  at: number,
  channel: number,
  sum: number,
  samples: ArrayLike<number>,
  s0: number,
  count: number,
  tags: ArrayLike<number>,
  t0: number,
): number {
  out[at] = (sum | (count << 16) | (channel << 26) | (1 << 30)) >>> 0;
  const pairs = count >>> 1;
  for (let k = 0; k < pairs; k++) {
    out[at + 1 + k] = (samples[s0 + 2 * k] | (samples[s0 + 2 * k + 1] << 12) | (tags[t0 + k] << 24)) >>> 0;
  }
  if (count & 1) out[at + 1 + pairs] = (samples[s0 + count - 1] | (tags[t0 + pairs] << 24)) >>> 0;
  return 1 + ((count + 1) >>> 1);
}

export const msadcCodec: PayloadCodec<MsadcPayload> = {
  kind: 'msadc',
  decode(words, ctx) {
    const n = words.length;
    // Pass 1: validate the structure and count.
    let nBlocks = 0;
    let nChannels = 0;
    let nSamples = 0;
    let nTags = 0;
    let i = 0;
    while (i < n) {
      const h = words[i];
      if (h >>> 30 !== 3) throw new PayloadError(`MSADC block header 0x${h.toString(16)} without key 3`, i);
      const size = (h >>> 12) & 0xfff;
      if (size < 1 || i + size > n) throw new PayloadError(`MSADC block size ${size} runs past the payload`, i);
      const end = i + size;
      let j = i + 1;
      while (j < end) {
        const c = words[j];
        if (c >>> 30 !== 1 || (c >>> 25) & 1) throw new PayloadError(`MSADC channel header 0x${c.toString(16)} malformed`, j);
        const ns = (c >>> 16) & 0x1ff;
        const nw = (ns + 1) >>> 1;
        if (j + 1 + nw > end) throw new PayloadError(`MSADC channel with ${ns} samples runs past its block`, j);
        if (ns & 1 && (words[j + nw] >>> 12) & 0xfff) {
          throw new PayloadError('MSADC odd sample count with non-zero padding', j + nw);
        }
        nChannels++;
        nSamples += ns;
        nTags += nw;
        j += 1 + nw;
      }
      nBlocks++;
      i = end;
    }
    // Pass 2: fill the columns.
    const blocks: MsadcBlock[] = new Array(nBlocks);
    const channel = new Uint8Array(nChannels);
    const sum = new Uint16Array(nChannels);
    const sampleStart = new Uint32Array(nChannels + 1);
    const tagStart = new Uint32Array(nChannels + 1);
    const samples = new Uint16Array(nSamples);
    const tags = new Uint8Array(nTags);
    const ev = ctx.eventInSpill & 0xfff;
    let mismatch = -1;
    let b = 0;
    let ch = 0;
    let s = 0;
    let t = 0;
    i = 0;
    while (i < n) {
      const h = words[i];
      const end = i + ((h >>> 12) & 0xfff);
      const event = h & 0xfff;
      if (event !== ev && mismatch < 0) mismatch = event;
      const first = ch;
      let j = i + 1;
      while (j < end) {
        const c = words[j++];
        const ns = (c >>> 16) & 0x1ff;
        channel[ch] = (c >>> 26) & 0xf;
        sum[ch] = c & 0xffff;
        sampleStart[ch] = s;
        tagStart[ch] = t;
        const pairs = ns >>> 1;
        for (let k = 0; k < pairs; k++) {
          const w = words[j++];
          samples[s++] = w & 0xfff;
          samples[s++] = (w >>> 12) & 0xfff;
          tags[t++] = w >>> 24;
        }
        if (ns & 1) {
          const w = words[j++];
          samples[s++] = w & 0xfff;
          tags[t++] = w >>> 24;
        }
        ch++;
      }
      blocks[b++] = {
        event,
        error: ((h >>> 24) & 1) === 1,
        adcId: (h >>> 25) & 3,
        port: (h >>> 27) & 7,
        firstChannel: first,
        channelCount: ch - first,
      };
      i = end;
    }
    sampleStart[ch] = s;
    tagStart[ch] = t;
    if (mismatch >= 0) {
      ctx.note('event-number-mismatch', `MSADC block event ${mismatch} != event in spill & 4095 = ${ev}`);
    }
    return { kind: 'msadc', blocks, channel, sum, sampleStart, tagStart, samples, tags };
  },
  wordCount(p) {
    return p.blocks.length + p.channel.length + p.tagStart[p.channel.length];
  },
  encodeInto(p, out, at) {
    const start = at;
    let expectFirst = 0;
    for (const blk of p.blocks) {
      if (blk.firstChannel !== expectFirst) throw new RangeError('raw encode: MSADC blocks must cover the channels in order');
      expectFirst += blk.channelCount;
      checkField('MSADC event', blk.event, 12);
      checkField('MSADC adcId', blk.adcId, 2);
      checkField('MSADC port', blk.port, 3);
      const headAt = at++;
      for (let ch = blk.firstChannel; ch < blk.firstChannel + blk.channelCount; ch++) {
        const s0 = p.sampleStart[ch];
        const ns = p.sampleStart[ch + 1] - s0;
        const t0 = p.tagStart[ch];
        const nw = (ns + 1) >>> 1;
        if (p.tagStart[ch + 1] - t0 !== nw) throw new RangeError(`raw encode: MSADC channel ${ch} needs ${nw} tags`);
        checkField('MSADC sample count', ns, 9);
        checkField('MSADC channel', p.channel[ch], 4);
        for (let k = 0; k < ns; k++) {
          if (p.samples[s0 + k] > 0xfff) throw new RangeError(`raw encode: MSADC sample of channel ${ch} exceeds 12 bits`);
        }
        at += writeMsadcChannel(out, at, p.channel[ch], p.sum[ch], p.samples, s0, ns, p.tags, t0);
      }
      const size = at - headAt;
      checkField('MSADC block size (words)', size, 12);
      out[headAt] = msadcBlockHeaderWord(blk.event, size, blk.error, blk.adcId, blk.port);
    }
    if (expectFirst !== p.channel.length) throw new RangeError('raw encode: MSADC channels not covered by blocks');
    return at - start;
  },
};

export interface MsadcChannelInput {
  channel: number;
  sum: number;
  samples: ArrayLike<number>;
  /** One 8-bit tag per data word (ceil(samples/2)); zeros when omitted. */
  tags?: ArrayLike<number>;
}

export interface MsadcBlockInput {
  event: number;
  error?: boolean;
  adcId: number;
  port: number;
  channels: readonly MsadcChannelInput[];
}

/** Build the columnar MSADC payload from blocks of channel objects. */
export function msadcPayload(blocks: readonly MsadcBlockInput[]): MsadcPayload {
  let nCh = 0;
  let nS = 0;
  let nT = 0;
  for (const b of blocks) {
    for (const c of b.channels) {
      nCh++;
      nS += c.samples.length;
      nT += (c.samples.length + 1) >>> 1;
    }
  }
  const p: MsadcPayload = {
    kind: 'msadc',
    blocks: [],
    channel: new Uint8Array(nCh),
    sum: new Uint16Array(nCh),
    sampleStart: new Uint32Array(nCh + 1),
    tagStart: new Uint32Array(nCh + 1),
    samples: new Uint16Array(nS),
    tags: new Uint8Array(nT),
  };
  let ch = 0;
  let s = 0;
  let t = 0;
  for (const b of blocks) {
    const first = ch;
    for (const c of b.channels) {
      const nw = (c.samples.length + 1) >>> 1;
      if (c.tags && c.tags.length !== nw) throw new RangeError(`MSADC channel ${c.channel}: ${nw} tags expected`);
      p.channel[ch] = c.channel;
      p.sum[ch] = c.sum;
      p.sampleStart[ch] = s;
      p.tagStart[ch] = t;
      p.samples.set(Array.from(c.samples), s);
      if (c.tags) p.tags.set(Array.from(c.tags), t);
      s += c.samples.length;
      t += nw;
      ch++;
    }
    p.blocks.push({ event: b.event, error: b.error ?? false, adcId: b.adcId, port: b.port, firstChannel: first, channelCount: ch - first });
  }
  p.sampleStart[ch] = s;
  p.tagStart[ch] = t;
  return p;
}

export interface MsadcChannelView {
  block: MsadcBlock;
  channel: number;
  sum: number;
  samples: Uint16Array;
  tags: Uint8Array;
}

/** The channels of an MSADC payload as objects (sample / tag arrays are views, not copies). */
export function msadcChannels(p: MsadcPayload): MsadcChannelView[] {
  const out: MsadcChannelView[] = [];
  for (const block of p.blocks) {
    for (let ch = block.firstChannel; ch < block.firstChannel + block.channelCount; ch++) {
      out.push({
        block,
        channel: p.channel[ch],
        sum: p.sum[ch],
        samples: p.samples.subarray(p.sampleStart[ch], p.sampleStart[ch + 1]),
        tags: p.tags.subarray(p.tagStart[ch], p.tagStart[ch + 1]),
      });
    }
  }
  return out;
}
