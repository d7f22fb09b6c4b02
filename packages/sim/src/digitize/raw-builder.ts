/**
 * Builds raw DAQ events from the digitizers' channels, written as words straight into the
 * caller's buffer: one equipment per source id, in ascending id order; sources with
 * `readout.multiplexer` travel as sub-S-Link blocks of their multiplexer equipment (sub-blocks in
 * ascending source id). Every source of the setup appears in every physics event, with an empty
 * payload when nothing fired. Payload layouts: see PayloadCollector.
 */
import {
  EQUIPMENT_HEADER_BYTES,
  HOST_LITTLE_ENDIAN,
  RAW_EVENT_TYPE,
  RAW_HEADER_LENGTH_NEW,
  SLINK_HEADER_WORDS,
  decodeRawEvent,
  encodeEventHeader,
  packEquipmentHeader,
  packSLink,
  rawEventHeader,
  slinkHeader,
  swapWordsInPlace,
} from '@na64/format/raw';
import type { EquipmentHeaderFields, RawEvent, RawEventHeader, SLinkHeader } from '@na64/format/raw';
import type { Rng } from '../random/rng.ts';
import type { SimSetup } from '../sim/setup-model.ts';
import type { ElementSignals } from '../sim/signals.ts';
import type { Digitizer } from './types.ts';
import { MsadcDigitizer } from './msadc.ts';
import type { MsadcOptions } from './msadc.ts';
import { ApvDigitizer } from './apv.ts';
import { TdcDigitizer } from './tdc.ts';
import { PayloadCollector } from './payload-collector.ts';

/** Equipment type word per payload kind (our convention; decoders go by source id). */
export const EQUIPMENT_TYPE = { msadc: 1, apv: 2, tdc: 3, mux: 4, scaler: 5 } as const;

const EQ_WORDS = EQUIPMENT_HEADER_BYTES / 4;
const HEADER_WORDS = RAW_HEADER_LENGTH_NEW / 4;

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

interface EquipmentLayout {
  top: number;
  kind: 'msadc' | 'apv' | 'tdc' | 'mux';
  subs: SourceInfo[];
  header: EquipmentHeaderFields;
}

/** The digitizers of a setup and the event assembly. */
export class RawEventBuilder {
  readonly digitizers: Digitizer[];
  /** Source id -> payload kind (for decoders). */
  readonly sourceKinds = new Map<number, 'msadc' | 'apv' | 'tdc'>();
  private readonly layout: EquipmentLayout[];
  readonly collector = new PayloadCollector();
  private readonly elementIndex: number[];
  private readonly ctx: { eventInSpill: number; rng: Rng } = { eventInSpill: 0, rng: undefined as unknown as Rng };
  /** Words of an event besides the payloads: event header, equipment and S-Link headers. */
  private readonly frameWords: number;
  /** Reused header fields of the event being written. */
  private readonly header: RawEventHeader = rawEventHeader({ triggerPattern: [1, 0] });
  private readonly slink: SLinkHeader = slinkHeader({ sourceId: 0, eventType: RAW_EVENT_TYPE.PHYSICS });
  private scratch = new Uint32Array(4096);

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
    const tops = new Map<number, EquipmentLayout>();
    for (const info of infos) {
      const top = info.mux ?? info.source;
      let t = tops.get(top);
      if (!t) {
        const kind = info.mux !== undefined ? 'mux' : info.kind;
        t = { top, kind, subs: [], header: { equipmentId: top, type: EQUIPMENT_TYPE[kind], attributes: [0, 0, 0], basicElementSize: 4 } };
        tops.set(top, t);
      }
      t.subs.push(info);
    }
    this.layout = [...tops.values()].sort((a, b) => a.top - b.top);
    let frameWords = HEADER_WORDS;
    for (const t of this.layout) {
      t.subs.sort((a, b) => a.source - b.source);
      frameWords += EQ_WORDS + SLINK_HEADER_WORDS + (t.kind === 'mux' ? SLINK_HEADER_WORDS * t.subs.length : 0);
    }
    this.frameWords = frameWords;
  }

  /** Digitizes the event's signals into the collector. */
  digitize(signals: { elements: ElementSignals[] }, eventInSpill: number, rng: Rng): void {
    const c = this.collector;
    c.clear();
    const ctx = this.ctx;
    ctx.eventInSpill = eventInSpill;
    ctx.rng = rng;
    for (let i = 0; i < this.digitizers.length; i++) this.digitizers[i].digitize(signals.elements[this.elementIndex[i]], ctx, c);
  }

  /** Upper bound of the words `writeEvent` needs for the digitized event. */
  wordBound(): number {
    return this.frameWords + this.collector.payloadWordBound;
  }

  /**
   * Writes the digitized event as a little-endian PHYSICS event at out[at..) (at least
   * `wordBound()` words must be free) and returns its word count.
   */
  writeEvent(key: PhysicsEventKey, out: Uint32Array, at: number): number {
    const ev = key.eventInSpill;
    const s = this.slink;
    s.eventNumber = ev & 0xfffff;
    s.spill = key.spill & 0x7ff;
    const layout = this.layout;
    let pos = at + HEADER_WORDS;
    for (let e = 0; e < layout.length; e++) {
      const t = layout[e];
      const payloadAt = pos + EQ_WORDS + SLINK_HEADER_WORDS;
      let n: number;
      if (t.kind === 'mux') {
        n = 0;
        for (let b = 0; b < t.subs.length; b++) {
          const sub = t.subs[b];
          const m = this.writePayload(sub, ev, out, payloadAt + n + SLINK_HEADER_WORDS);
          s.sourceId = sub.source;
          packSLink(s, SLINK_HEADER_WORDS + m, out, payloadAt + n);
          n += SLINK_HEADER_WORDS + m;
        }
      } else n = this.writePayload(t.subs[0], ev, out, payloadAt);
      packEquipmentHeader(t.header, EQ_WORDS + SLINK_HEADER_WORDS + n, out, pos);
      s.sourceId = t.top;
      packSLink(s, SLINK_HEADER_WORDS + n, out, pos + EQ_WORDS);
      pos = payloadAt + n;
    }
    const h = this.header;
    h.run = key.run;
    h.eventInRun = key.eventInRun;
    h.spill = key.spill;
    h.eventInSpill = key.eventInSpill;
    h.time = key.time;
    encodeEventHeader(h, 4 * (pos - at), out, at);
    if (!HOST_LITTLE_ENDIAN) swapWordsInPlace(out.subarray(at, pos));
    return pos - at;
  }

  private writePayload(info: SourceInfo, ev: number, out: Uint32Array, at: number): number {
    const c = this.collector;
    return info.kind === 'msadc' ? c.writeMsadc(info.source, ev, out, at) : info.kind === 'apv' ? c.writeApv(info.source, ev, out, at) : c.writeTdc(info.source, out, at);
  }

  /** Digitizes the event's signals and returns the PHYSICS event as the codec's typed model. */
  build(signals: { elements: ElementSignals[] }, key: PhysicsEventKey, rng: Rng): RawEvent {
    this.digitize(signals, key.eventInSpill, rng);
    const bound = this.wordBound();
    if (this.scratch.length < bound) this.scratch = new Uint32Array(2 * bound);
    const n = this.writeEvent(key, this.scratch, 0);
    const dec = decodeRawEvent(new Uint8Array(this.scratch.buffer, 0, 4 * n), { sourceKinds: this.sourceKinds });
    if (!dec.ok) throw new Error(`simulated event does not decode: ${dec.message}`);
    return dec.event;
  }
}
