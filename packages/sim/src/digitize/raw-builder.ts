/**
 * Builds raw DAQ events (the @na64/format typed model) from the digitizers' channels: one
 * equipment per source id, in ascending id order; sources with `readout.multiplexer` travel as
 * sub-S-Link blocks of their multiplexer equipment (sub-blocks in ascending source id). Every
 * source of the setup appears in every physics event, with an empty payload when nothing fired.
 * MSADC: one ADC block per port (ascending), channels ascending; APV: one ADC block per ADC id
 * (port >> 4), one chip per chip id (port & 15), sparse triple-frame; TDC: hits in digitizer order.
 */
import { RAW_EVENT_TYPE, rawEventHeader } from '@na64/format';
import type { SLinkHeader, ApvAdc, ApvPayload, MsadcPayload, RawEquipment, RawEvent, RawEventType, RawPayload, TdcPayload } from '@na64/format';
import type { SimSetup } from '../sim/setup-model.ts';
import type { ChannelSink, Digitizer, MsadcChannelOut, TdcHitOut } from './types.ts';
import { MsadcDigitizer } from './msadc.ts';
import type { MsadcOptions } from './msadc.ts';
import { ApvDigitizer } from './apv.ts';
import { TdcDigitizer } from './tdc.ts';

/** Equipment type word per payload kind (our convention; decoders go by source id). */
export const EQUIPMENT_TYPE = { msadc: 1, apv: 2, tdc: 3, mux: 4, scaler: 5 } as const;

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

// Payloads of sources without data are shared (the encoder only reads them).
const EMPTY_MSADC: MsadcPayload = Object.freeze({
  kind: 'msadc',
  blocks: [],
  channel: new Uint8Array(0),
  sum: new Uint16Array(0),
  sampleStart: new Uint32Array(1),
  tagStart: new Uint32Array(1),
  samples: new Uint16Array(0),
  tags: new Uint8Array(0),
}) as MsadcPayload;
const EMPTY_APV: ApvPayload = Object.freeze({ kind: 'apv', adcs: [] }) as unknown as ApvPayload;
const EMPTY_TDC: TdcPayload = Object.freeze({ kind: 'tdc', time: new Uint16Array(0), channel: new Uint8Array(0), port: new Uint8Array(0) }) as TdcPayload;

// Header templates (the format's defaults), built without object spread per event.
const HEADER_DEFAULTS = rawEventHeader({});

/** S-Link header of a PHYSICS event (the fields of slinkHeader with its defaults). */
function physicsSlink(sourceId: number, eventNumber: number, spill: number): SLinkHeader {
  return {
    sourceId,
    eventType: RAW_EVENT_TYPE.PHYSICS,
    error: false,
    eventNumber,
    spill,
    status: false,
    statusCode: 0,
    tcsError: 0,
    errorCounter: 0,
    format: 0,
  };
}

/**
 * Typed arrays for payloads carved from large buffers that are never reused (a buffer lives as
 * long as any payload viewing it), so events stay valid after the next one is built; saves one
 * ArrayBuffer allocation per array. Small arrays are allocated directly (they live on the heap).
 */
const ARENA_BYTES = 1 << 16;
const SMALL_BYTES = 64;
class PayloadArena {
  private buf = new ArrayBuffer(ARENA_BYTES);
  private at = 0;

  private take(bytes: number): number {
    const aligned = (this.at + 3) & ~3;
    if (aligned + bytes > this.buf.byteLength) {
      this.buf = new ArrayBuffer(Math.max(ARENA_BYTES, bytes));
      this.at = bytes;
      return 0;
    }
    this.at = aligned + bytes;
    return aligned;
  }

  u8(n: number): Uint8Array {
    if (n <= SMALL_BYTES) return new Uint8Array(n);
    const o = this.take(n);
    return new Uint8Array(this.buf, o, n);
  }

  u16(n: number): Uint16Array {
    if (2 * n <= SMALL_BYTES) return new Uint16Array(n);
    const o = this.take(2 * n);
    return new Uint16Array(this.buf, o, n);
  }

  u32(n: number): Uint32Array {
    if (4 * n <= SMALL_BYTES) return new Uint32Array(n);
    const o = this.take(4 * n);
    return new Uint32Array(this.buf, o, n);
  }
}

/** Collects one event's channels per source. */
export class PayloadCollector implements ChannelSink {
  /** Per source: flat (port, channel, sum, sample offset in the pool, sample count) records. */
  private readonly msadcBySource = new Map<number, IntStore>();
  /** Per source: flat (port, channel, frame0, frame1, frame2) quintuples. */
  private readonly apvBySource = new Map<number, IntStore>();
  /** Per source: flat (port, channel, time) triples. */
  private readonly tdcBySource = new Map<number, IntStore>();
  /** Stores with data this event (reset by clear). */
  private readonly active: IntStore[] = [];
  private pool = new Uint16Array(1 << 14);
  private used = 0;
  private order = new Int32Array(256);
  private readonly arena = new PayloadArena();

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
    const s = this.store(this.msadcBySource, source);
    const len = ch.samples.length;
    if (this.used + len > this.pool.length) {
      const bigger = new Uint16Array(2 * (this.used + len));
      bigger.set(this.pool.subarray(0, this.used));
      this.pool = bigger;
    }
    this.pool.set(ch.samples, this.used);
    s.push5(ch.port, ch.channel, ch.sum, this.used, len);
    this.used += len;
  }

  apv(source: number, port: number, channel: number, f0: number, f1: number, f2: number): void {
    this.store(this.apvBySource, source).push5(port, channel, f0, f1, f2);
  }

  tdc(source: number, hit: TdcHitOut): void {
    this.store(this.tdcBySource, source).push3(hit.port, hit.channel, hit.time);
  }

  clear(): void {
    this.used = 0;
    const a = this.active;
    for (let i = 0; i < a.length; i++) a[i].n = 0;
    a.length = 0;
  }

  msadcPayload(source: number, event: number): MsadcPayload {
    const s = this.msadcBySource.get(source);
    if (!s || s.n === 0) return EMPTY_MSADC;
    const d = s.data;
    const n = s.n / 5;
    let nSamples = 0;
    let nTags = 0;
    for (let i = 0; i < n; i++) {
      nSamples += d[5 * i + 4];
      nTags += (d[5 * i + 4] + 1) >>> 1;
    }
    const order = this.orderOf(n);
    sortByPortChannel(order, n, d);
    const p: MsadcPayload = {
      kind: 'msadc',
      blocks: [],
      channel: this.arena.u8(n),
      sum: this.arena.u16(n),
      sampleStart: this.arena.u32(n + 1),
      tagStart: this.arena.u32(n + 1),
      samples: this.arena.u16(nSamples),
      tags: this.arena.u8(nTags),
    };
    const pool = this.pool;
    const samples = p.samples;
    let at = 0;
    let tag = 0;
    let last: MsadcPayload['blocks'][number] | undefined;
    for (let j = 0; j < n; j++) {
      const o = 5 * order[j];
      p.channel[j] = d[o + 1];
      p.sum[j] = d[o + 2];
      p.sampleStart[j] = at;
      p.tagStart[j] = tag;
      const from = d[o + 3];
      const len = d[o + 4];
      for (let k = 0; k < len; k++) samples[at + k] = pool[from + k];
      at += len;
      tag += (len + 1) >>> 1;
      const port = d[o];
      if (last && last.port === port) last.channelCount++;
      else p.blocks.push((last = { event: event & 0xfff, error: false, adcId: 0, port, firstChannel: j, channelCount: 1 }));
    }
    p.sampleStart[n] = at;
    p.tagStart[n] = tag;
    return p;
  }

  apvPayload(source: number, event: number): ApvPayload {
    const s = this.apvBySource.get(source);
    if (!s || s.n === 0) return EMPTY_APV;
    const flat = s.data;
    const n = s.n / 5;
    const order = this.orderOf(n);
    sortByPortChannel(order, n, flat);
    const adcs: ApvAdc[] = [];
    let i = 0;
    while (i < n) {
      const adcId = flat[5 * order[i]] >> 4;
      const adc: ApvAdc = { adcId, tripleFrame: true, sparse: true, pedestalSubtracted: false, commonModeCorrected: false, timeTag: 0, chips: [] };
      while (i < n && flat[5 * order[i]] >> 4 === adcId) {
        const port = flat[5 * order[i]];
        let j = i;
        while (j < n && flat[5 * order[j]] === port) j++;
        const channels = this.arena.u8(j - i);
        const frames = this.arena.u16(3 * (j - i));
        for (let k = i; k < j; k++) {
          const o = 5 * order[k];
          channels[k - i] = flat[o + 1];
          frames[3 * (k - i)] = flat[o + 2];
          frames[3 * (k - i) + 1] = flat[o + 3];
          frames[3 * (k - i) + 2] = flat[o + 4];
        }
        adc.chips.push({ chipId: port & 15, event: event & 0xfff, channels, frames });
        i = j;
      }
      adcs.push(adc);
    }
    return { kind: 'apv', adcs };
  }

  tdcPayload(source: number): TdcPayload {
    const s = this.tdcBySource.get(source);
    if (!s || s.n === 0) return EMPTY_TDC;
    const hits = s.data;
    const n = s.n / 3;
    const time = this.arena.u16(n);
    const channel = this.arena.u8(n);
    const port = this.arena.u8(n);
    for (let i = 0; i < n; i++) {
      port[i] = hits[3 * i];
      channel[i] = hits[3 * i + 1];
      time[i] = hits[3 * i + 2];
    }
    return { kind: 'tdc', time, channel, port };
  }
}

interface SourceInfo {
  source: number;
  kind: 'msadc' | 'apv' | 'tdc';
  mux: number | undefined;
}

/** Fixed per-event header fields of physics events. */
export interface PhysicsEventKey {
  run: number;
  spill: number;
  eventInSpill: number;
  eventInRun: number;
  /** Unix time, s. */
  time: number;
}

/** The digitizers of a setup and the event assembly. */
export class RawEventBuilder {
  readonly digitizers: Digitizer[];
  /** Source id -> payload kind (for decoders). */
  readonly sourceKinds = new Map<number, 'msadc' | 'apv' | 'tdc'>();
  private readonly layout: { top: number; kind: 'msadc' | 'apv' | 'tdc' | 'mux'; subs: SourceInfo[] }[];
  readonly collector = new PayloadCollector();
  private readonly elementIndex: number[];
  private readonly ctx: { eventInSpill: number; rng: import('../random/rng.ts').Rng } = { eventInSpill: 0, rng: undefined as unknown as import('../random/rng.ts').Rng };

  constructor(
    readonly model: SimSetup,
    options: { msadc?: MsadcOptions } = {},
  ) {
    this.digitizers = [];
    this.elementIndex = [];
    const infos: SourceInfo[] = [];
    for (const el of model.elements) {
      const ro = el.readout;
      if (!ro) continue;
      const d = ro.kind === 'msadc' ? new MsadcDigitizer(el, options.msadc) : ro.kind === 'apv' ? new ApvDigitizer(el) : new TdcDigitizer(el);
      this.digitizers.push(d);
      this.elementIndex.push(el.index);
      const mux = el.element.readout?.multiplexer;
      for (const s of d.sources) {
        if (!this.sourceKinds.has(s)) infos.push({ source: s, kind: ro.kind, mux });
        this.sourceKinds.set(s, ro.kind);
      }
    }
    const tops = new Map<number, { top: number; kind: 'msadc' | 'apv' | 'tdc' | 'mux'; subs: SourceInfo[] }>();
    for (const info of infos) {
      const top = info.mux ?? info.source;
      let t = tops.get(top);
      if (!t) tops.set(top, (t = { top, kind: info.mux !== undefined ? 'mux' : info.kind, subs: [] }));
      t.subs.push(info);
    }
    this.layout = [...tops.values()].sort((a, b) => a.top - b.top);
    for (const t of this.layout) t.subs.sort((a, b) => a.source - b.source);
  }

  private payloadOf(info: SourceInfo, ev: number): RawPayload {
    const c = this.collector;
    return info.kind === 'msadc' ? c.msadcPayload(info.source, ev) : info.kind === 'apv' ? c.apvPayload(info.source, ev) : c.tdcPayload(info.source);
  }

  /** Digitizes the event's signals and assembles the PHYSICS event. */
  build(signals: { elements: import('../sim/signals.ts').ElementSignals[] }, key: PhysicsEventKey, rng: import('../random/rng.ts').Rng): RawEvent {
    const c = this.collector;
    c.clear();
    const ctx = this.ctx;
    ctx.eventInSpill = key.eventInSpill;
    ctx.rng = rng;
    for (let i = 0; i < this.digitizers.length; i++) this.digitizers[i].digitize(signals.elements[this.elementIndex[i]], ctx, c);
    const ev = key.eventInSpill;
    const spill = key.spill & 0x7ff;
    const layout = this.layout;
    const equipments: RawEquipment[] = new Array(layout.length);
    for (let e = 0; e < layout.length; e++) {
      const t = layout[e];
      let payload: RawPayload;
      if (t.kind === 'mux') {
        const blocks = new Array(t.subs.length);
        for (let b = 0; b < t.subs.length; b++) {
          const sub = t.subs[b];
          blocks[b] = { slink: physicsSlink(sub.source, ev & 0xfffff, spill), payload: this.payloadOf(sub, ev) };
        }
        payload = { kind: 'mux', blocks };
      } else payload = this.payloadOf(t.subs[0], ev);
      equipments[e] = {
        equipmentId: t.top,
        type: EQUIPMENT_TYPE[t.kind],
        attributes: [0, 0, 0],
        basicElementSize: 4,
        slink: physicsSlink(t.top, ev & 0xfffff, spill),
        payload,
      };
    }
    return {
      byteOrder: 'little',
      header: {
        headerLength: HEADER_DEFAULTS.headerLength,
        headerVersion: HEADER_DEFAULTS.headerVersion,
        type: RAW_EVENT_TYPE.PHYSICS as RawEventType,
        run: key.run,
        eventInRun: key.eventInRun,
        spill: key.spill,
        eventInSpill: key.eventInSpill,
        triggerPattern: [1, 0],
        detectorPattern: 0,
        typeAttributes: [0, 0, 0],
        ldcId: 0,
        gdcId: 0,
        time: key.time,
      },
      equipments,
    };
  }
}
