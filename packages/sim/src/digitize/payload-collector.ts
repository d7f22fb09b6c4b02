/**
 * Collects one event's read-out channels per source and writes each source's payload words
 * straight into the event buffer with the codec's word packers (no typed payload in between):
 * MSADC: one ADC block per port (ascending), channels ascending; APV: one ADC block per ADC id
 * (port >> 4), one chip per chip id (port & 15), sparse triple-frame; TDC: hits in digitizer order.
 * The words are those `encodeRawEvent` gives for the same payloads (tested).
 */
import { apvAdcHeaderWord, apvChipHeaderWord, apvFrameWord, msadcBlockHeaderWord, tdcHitWord, writeMsadcChannel } from '@na64/format/raw';
import type { ChannelSink, MsadcChannelOut, TdcHitOut } from './types.ts';

/** Growable flat int records of one source, reused from event to event. */
class IntStore {
  data = new Int32Array(160);
  /** Ints in use this event. */
  n = 0;

  push3(a: number, b: number, c: number): void {
    if (this.n + 3 > this.data.length) this.grow();
    const d = this.data;
    const i = this.n;
    d[i] = a;
    d[i + 1] = b;
    d[i + 2] = c;
    this.n = i + 3;
  }

  push5(a: number, b: number, c: number, e: number, f: number): void {
    if (this.n + 5 > this.data.length) this.grow();
    const d = this.data;
    const i = this.n;
    d[i] = a;
    d[i + 1] = b;
    d[i + 2] = c;
    d[i + 3] = e;
    d[i + 4] = f;
    this.n = i + 5;
  }

  private grow(): void {
    const d = new Int32Array(2 * this.data.length);
    d.set(this.data);
    this.data = d;
  }
}

/**
 * Stable insertion sort of order[0..n) by (d[5 i], d[5 i + 1]) ascending: the same permutation
 * as Array.prototype.sort (stable) with that comparator. The lists are short and mostly sorted.
 */
function sortByPortChannel(order: Int32Array, n: number, d: Int32Array): void {
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 1; i < n; i++) {
    const k = order[i];
    const kp = d[5 * k];
    const kc = d[5 * k + 1];
    let j = i - 1;
    while (j >= 0) {
      const o = order[j];
      const dp = d[5 * o] - kp;
      if (dp < 0 || (dp === 0 && d[5 * o + 1] - kc <= 0)) break;
      order[j + 1] = o;
      j--;
    }
    order[j + 1] = k;
  }
}

/** MSADC tags of simulated channels: all zero (a 9-bit sample count needs at most 256 tags). */
const ZERO_TAGS = new Uint8Array(256);

export class PayloadCollector implements ChannelSink {
  /** Per source: flat (port, channel, sum, sample offset in the pool, sample count) records. */
  private readonly msadcBySource = new Map<number, IntStore>();
  /** Per source: flat (port, channel, frame0, frame1, frame2) quintuples. */
  private readonly apvBySource = new Map<number, IntStore>();
  /** Per source: flat (port, channel, time) triples. */
  private readonly tdcBySource = new Map<number, IntStore>();
  /** Stores with data this event (reset by clear). */
  private readonly active: IntStore[] = [];
  // The store written last per kind: a digitizer's channels mostly share one source.
  private msadcSource = -1;
  private msadcStore: IntStore | undefined;
  private apvSource = -1;
  private apvStore: IntStore | undefined;
  private pool = new Uint16Array(1 << 14);
  private used = 0;
  private order = new Int32Array(256);
  /** Upper bound of the payload words of this event's channels. */
  payloadWordBound = 0;

  private store(map: Map<number, IntStore>, source: number): IntStore {
    let s = map.get(source);
    if (!s) map.set(source, (s = new IntStore()));
    if (s.n === 0) this.active.push(s);
    return s;
  }

  private orderOf(n: number): Int32Array {
    if (this.order.length < n) this.order = new Int32Array(2 * n);
    return this.order;
  }

  msadc(source: number, ch: MsadcChannelOut): void {
    let s = this.msadcStore;
    if (source !== this.msadcSource || s === undefined || s.n === 0) {
      s = this.msadcStore = this.store(this.msadcBySource, source);
      this.msadcSource = source;
    }
    const len = ch.samples.length;
    if (this.used + len > this.pool.length) {
      const bigger = new Uint16Array(2 * (this.used + len));
      bigger.set(this.pool.subarray(0, this.used));
      this.pool = bigger;
    }
    this.pool.set(ch.samples, this.used);
    s.push5(ch.port, ch.channel, ch.sum, this.used, len);
    this.used += len;
    // Channel header, data words and at most one block header.
    this.payloadWordBound += 2 + ((len + 1) >>> 1);
  }

  apv(source: number, port: number, channel: number, f0: number, f1: number, f2: number): void {
    let s = this.apvStore;
    if (source !== this.apvSource || s === undefined || s.n === 0) {
      s = this.apvStore = this.store(this.apvBySource, source);
      this.apvSource = source;
    }
    s.push5(port, channel, f0, f1, f2);
    // Channel and frame words, at most one chip header and one two-word ADC header.
    this.payloadWordBound += 5;
  }

  tdc(source: number, hit: TdcHitOut): void {
    this.store(this.tdcBySource, source).push3(hit.port, hit.channel, hit.time);
    this.payloadWordBound += 1;
  }

  clear(): void {
    this.used = 0;
    this.payloadWordBound = 0;
    const a = this.active;
    for (let i = 0; i < a.length; i++) a[i].n = 0;
    a.length = 0;
  }

  /** Writes the MSADC payload of `source` at out[at..); returns the words written. */
  writeMsadc(source: number, event: number, out: Uint32Array, at: number): number {
    const s = this.msadcBySource.get(source);
    if (!s || s.n === 0) return 0;
    const d = s.data;
    const n = s.n / 5;
    const order = this.orderOf(n);
    sortByPortChannel(order, n, d);
    const pool = this.pool;
    const ev = event & 0xfff;
    const start = at;
    let j = 0;
    while (j < n) {
      const port = d[5 * order[j]];
      const headAt = at++;
      for (; j < n && d[5 * order[j]] === port; j++) {
        const o = 5 * order[j];
        at += writeMsadcChannel(out, at, d[o + 1], d[o + 2] & 0xffff, pool, d[o + 3], d[o + 4], ZERO_TAGS, 0);
      }
      out[headAt] = msadcBlockHeaderWord(ev, at - headAt, false, 0, port);
    }
    return at - start;
  }

  /** Writes the APV payload of `source` at out[at..); returns the words written. */
  writeApv(source: number, event: number, out: Uint32Array, at: number): number {
    const s = this.apvBySource.get(source);
    if (!s || s.n === 0) return 0;
    const d = s.data;
    const n = s.n / 5;
    const order = this.orderOf(n);
    sortByPortChannel(order, n, d);
    const ev = event & 0xfff;
    const start = at;
    let i = 0;
    while (i < n) {
      const adcId = d[5 * order[i]] >> 4;
      const adcAt = at;
      at += 2;
      while (i < n && d[5 * order[i]] >> 4 === adcId) {
        const port = d[5 * order[i]];
        const chipAt = at++;
        for (; i < n && d[5 * order[i]] === port; i++) {
          const o = 5 * order[i];
          out[at] = d[o + 1];
          out[at + 1] = apvFrameWord(d[o + 2], d[o + 3], d[o + 4]);
          at += 2;
        }
        out[chipAt] = apvChipHeaderWord(at - chipAt - 1, ev, port & 15);
      }
      out[adcAt] = apvAdcHeaderWord(at - adcAt, adcId, true, true, false, false);
      out[adcAt + 1] = 0; // time tag
    }
    return at - start;
  }

  /** Writes the TDC payload of `source` at out[at..); returns the words written. */
  writeTdc(source: number, out: Uint32Array, at: number): number {
    const s = this.tdcBySource.get(source);
    if (!s || s.n === 0) return 0;
    const hits = s.data;
    const n = s.n / 3;
    for (let i = 0; i < n; i++) out[at + i] = tdcHitWord(hits[3 * i + 2], hits[3 * i + 1], hits[3 * i]);
    return n;
  }
}
