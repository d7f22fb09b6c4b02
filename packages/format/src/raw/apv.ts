// APV25 payload (Micromegas, GEM).
import { PayloadError } from './payload-codec.ts';
import type { PayloadCodec } from './payload-codec.ts';
import type { ApvAdc, ApvChip, ApvPayload } from './types.ts';
import { checkField } from './words.ts';

// ADC header word 0: size in words incl. the 2 header words (0-15), adc id (16-23),
// triple-frame (24), sparse (25), pedestal-subtracted (26), common-mode-corrected (27), zero (28-31).
// ADC header word 1: time tag (32 bits).
// Chip header: data length in words after this header (0-11), event & 4095 (12-23), chip id (24-27),
// zero (28-31).
// Frame word: frame 0 (0-9), frame 1 (10-19), frame 2 (20-29), zero (30-31); single-frame mode uses
// frame 0 only. Non-sparse: 128 frame words, channel = word index. Sparse: per hit a channel word
// (channel in bits 0-6, rest zero) followed by its frame word.

export const APV_CHANNELS_PER_CHIP = 128;

// Word packers shared by the encoder and direct writers (fields unchecked: the caller guarantees
// their widths).

export function apvAdcHeaderWord(
  sizeWords: number,
  adcId: number,
  tripleFrame: boolean,
  sparse: boolean,
  pedestalSubtracted: boolean,
  commonModeCorrected: boolean,
): number {
  return (
    (sizeWords |
      (adcId << 16) |
      ((tripleFrame ? 1 : 0) << 24) |
      ((sparse ? 1 : 0) << 25) |
      ((pedestalSubtracted ? 1 : 0) << 26) |
      ((commonModeCorrected ? 1 : 0) << 27)) >>>
    0
  );
}

export function apvChipHeaderWord(dataWords: number, event: number, chipId: number): number {
  return (dataWords | (event << 12) | (chipId << 24)) >>> 0;
}

/** Frame word of three frames (single-frame mode: f1 = f2 = 0). */
export function apvFrameWord(f0: number, f1: number, f2: number): number {
  return (f0 | (f1 << 10) | (f2 << 20)) >>> 0;
}

export const apvCodec: PayloadCodec<ApvPayload> = {
  kind: 'apv',
  decode(words, ctx) {
    const n = words.length;
    const adcs: ApvAdc[] = [];
    const ev = ctx.eventInSpill & 0xfff;
    let mismatch = -1;
    let i = 0;
    while (i < n) {
      const h = words[i];
      const size = h & 0xffff;
      if (h >>> 28 !== 0) throw new PayloadError(`APV ADC header 0x${h.toString(16)} has bits 28-31 set`, i);
      if (size < 2 || i + size > n) throw new PayloadError(`APV ADC size ${size} runs past the payload`, i);
      const tripleFrame = ((h >>> 24) & 1) === 1;
      const sparse = ((h >>> 25) & 1) === 1;
      const adc: ApvAdc = {
        adcId: (h >>> 16) & 0xff,
        tripleFrame,
        sparse,
        pedestalSubtracted: ((h >>> 26) & 1) === 1,
        commonModeCorrected: ((h >>> 27) & 1) === 1,
        timeTag: words[i + 1],
        chips: [],
      };
      const end = i + size;
      const nf = tripleFrame ? 3 : 1;
      const frameMask = tripleFrame ? 0xc0000000 : 0xfffffc00;
      let j = i + 2;
      while (j < end) {
        const c = words[j];
        const len = c & 0xfff;
        if (c >>> 28 !== 0) throw new PayloadError(`APV chip header 0x${c.toString(16)} has bits 28-31 set`, j);
        if (j + 1 + len > end) throw new PayloadError(`APV chip data length ${len} runs past its ADC block`, j);
        const event = (c >>> 12) & 0xfff;
        if (event !== ev && mismatch < 0) mismatch = event;
        let nHits: number;
        if (sparse) {
          if (len & 1) throw new PayloadError(`APV sparse chip data length ${len} is odd`, j);
          nHits = len >>> 1;
        } else {
          if (len !== APV_CHANNELS_PER_CHIP) throw new PayloadError(`APV non-sparse chip has ${len} words, not 128`, j);
          nHits = len;
        }
        const channels = new Uint8Array(nHits);
        const frames = new Uint16Array(nHits * nf);
        let k = j + 1;
        for (let hIdx = 0; hIdx < nHits; hIdx++) {
          if (sparse) {
            const cw = words[k];
            if (cw >>> 7 !== 0) throw new PayloadError(`APV channel word 0x${cw.toString(16)} malformed`, k);
            channels[hIdx] = cw;
            k++;
          } else {
            channels[hIdx] = hIdx;
          }
          const fw = words[k];
          if ((fw & frameMask) !== 0) throw new PayloadError(`APV frame word 0x${fw.toString(16)} has unused bits set`, k);
          frames[hIdx * nf] = fw & 0x3ff;
          if (tripleFrame) {
            frames[hIdx * 3 + 1] = (fw >>> 10) & 0x3ff;
            frames[hIdx * 3 + 2] = (fw >>> 20) & 0x3ff;
          }
          k++;
        }
        adc.chips.push({ chipId: (c >>> 24) & 0xf, event, channels, frames });
        j = k;
      }
      adcs.push(adc);
      i = end;
    }
    if (mismatch >= 0) ctx.note('event-number-mismatch', `APV chip event ${mismatch} != event in spill & 4095 = ${ev}`);
    return { kind: 'apv', adcs };
  },
  wordCount(p) {
    let n = 0;
    for (const a of p.adcs) {
      n += 2;
      for (const c of a.chips) n += 1 + (a.sparse ? 2 : 1) * c.channels.length;
    }
    return n;
  },
  encodeInto(p, out, at) {
    const start = at;
    for (const a of p.adcs) {
      checkField('APV adcId', a.adcId, 8);
      checkField('APV timeTag', a.timeTag, 32);
      const nf = a.tripleFrame ? 3 : 1;
      const headAt = at;
      at += 2;
      for (const c of a.chips) {
        checkField('APV chipId', c.chipId, 4);
        checkField('APV chip event', c.event, 12);
        const nHits = c.channels.length;
        if (c.frames.length !== nHits * nf) throw new RangeError(`raw encode: APV chip ${c.chipId} needs ${nHits * nf} frames`);
        if (!a.sparse && nHits !== APV_CHANNELS_PER_CHIP) throw new RangeError('raw encode: non-sparse APV chip needs 128 channels');
        const len = a.sparse ? 2 * nHits : nHits;
        checkField('APV chip data length', len, 12);
        out[at++] = apvChipHeaderWord(len, c.event, c.chipId);
        for (let h = 0; h < nHits; h++) {
          if (a.sparse) {
            checkField('APV channel', c.channels[h], 7);
            out[at++] = c.channels[h];
          } else if (c.channels[h] !== h) {
            throw new RangeError('raw encode: non-sparse APV channels must be 0..127 in order');
          }
          for (let f = 0; f < nf; f++) {
            const v = c.frames[h * nf + f];
            if (v > 0x3ff) throw new RangeError(`raw encode: APV frame ${v} exceeds 10 bits`);
          }
          out[at++] = nf === 3 ? apvFrameWord(c.frames[3 * h], c.frames[3 * h + 1], c.frames[3 * h + 2]) : apvFrameWord(c.frames[h], 0, 0);
        }
      }
      const size = at - headAt;
      checkField('APV ADC size (words)', size, 16);
      out[headAt] = apvAdcHeaderWord(size, a.adcId, a.tripleFrame, a.sparse, a.pedestalSubtracted, a.commonModeCorrected);
      out[headAt + 1] = a.timeTag;
    }
    return at - start;
  },
};

/** Frames of one APV channel entry. */
export function apvFrames(chip: ApvChip, entry: number, tripleFrame: boolean): Uint16Array {
  const nf = tripleFrame ? 3 : 1;
  return chip.frames.subarray(entry * nf, entry * nf + nf);
}
