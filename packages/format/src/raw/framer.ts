// Push-driven framing state machine: bytes in, event and problem records out. Browser-safe and
// synchronous; the async stream reader and the buffer helpers are thin wrappers around it.
import { DEFAULT_MAX_EVENT_BYTES, RAW_MAGIC, isRawEventType } from './constants.ts';
import { byteOrderAt, decodeEventWords, eventHeaderInside } from './event-codec.ts';
import type { RawEventDecodeOptions } from './event-codec.ts';
import { isSupportedHeaderLength } from './event-header.ts';
import type {
  RawDecodeSummary,
  RawEventKey,
  RawProblem,
  RawProblemReason,
  RawRecord,
} from './types.ts';
import { readWord, wordsAt } from './words.ts';

export interface RawFramerOptions extends RawEventDecodeOptions {
  /** Size fields above this are treated as corrupt (default 64 MiB); bounds the memory used. */
  maxEventBytes?: number;
  /** How many problems `problems` keeps (counts in the summary stay exact). Default 10000. */
  maxProblemsKept?: number;
}

type Attempt =
  | { status: 'need' }
  | { status: 'fail'; reason: RawProblemReason; message: string; eventKey?: RawEventKey }
  | { status: 'ok'; size: number; records: RawRecord[] };

const EMPTY = new Uint8Array(0);
const M0 = RAW_MAGIC & 0xff; // first byte of the little-endian magic (0xFE)
const M3 = RAW_MAGIC >>> 24; // first byte of the big-endian magic (0xDA)

/**
 * Feed chunks with `push`, call `end` after the last one, and drain records with `next()` until it
 * returns undefined (needs more input, or done once ended). Never throws on bad input: damaged
 * regions become problem records and decoding resumes at the next valid event header.
 */
export class RawFramer {
  readonly problems: RawProblem[] = [];
  private readonly opts: RawFramerOptions;
  private readonly maxEventBytes: number;
  private buf: Uint8Array = EMPTY;
  private owned = false;
  private start = 0;
  private stop = 0;
  /** Stream offset of buf[start]. */
  private cursor = 0;
  private ended = false;
  private out: RawRecord[] = [];
  private outAt = 0;
  // Resynchronisation state: a damaged region started at skipStart; search magic from scanFrom.
  private skipping = false;
  private skipStart = 0;
  private scanFrom = 0;
  private skipReason: RawProblemReason = 'bad-magic';
  private skipMessage = '';
  private skipKey: RawEventKey | undefined;
  private stats = {
    bytesRead: 0,
    eventsOk: 0,
    eventsDamaged: 0,
    bytesSkipped: 0,
    problems: 0,
    problemsByReason: {} as Partial<Record<RawProblemReason, number>>,
  };

  constructor(options: RawFramerOptions = {}) {
    this.opts = options;
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  }

  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('RawFramer.push after end()');
    const n = chunk.length;
    if (n === 0) return;
    this.stats.bytesRead += n;
    const pending = this.stop - this.start;
    if (pending === 0) {
      this.buf = chunk;
      this.owned = false;
      this.start = 0;
      this.stop = n;
      return;
    }
    if (this.owned && this.buf.length - this.stop >= n) {
      this.buf.set(chunk, this.stop);
      this.stop += n;
      return;
    }
    if (this.owned && this.buf.length >= pending + n && pending <= this.start) {
      this.buf.copyWithin(0, this.start, this.stop);
    } else {
      const next = new Uint8Array(Math.max(2 * (pending + n), 1 << 16));
      next.set(this.buf.subarray(this.start, this.stop), 0);
      this.buf = next;
      this.owned = true;
    }
    this.buf.set(chunk, pending);
    this.start = 0;
    this.stop = pending + n;
  }

  end(): void {
    this.ended = true;
  }

  /** Next record, or undefined when more input is needed (or, after end(), when done). */
  next(): RawRecord | undefined {
    for (;;) {
      if (this.outAt < this.out.length) {
        const r = this.out[this.outAt++];
        if (this.outAt === this.out.length) {
          this.out = [];
          this.outAt = 0;
        }
        return r;
      }
      if (!this.step()) return undefined;
    }
  }

  /** Totals so far (bytes read, events, skipped bytes, problems). */
  summary(): RawDecodeSummary {
    const s = this.stats;
    return {
      ...s,
      problemsByReason: { ...s.problemsByReason },
      lostFraction: s.bytesRead === 0 ? 0 : s.bytesSkipped / s.bytesRead,
    };
  }

  /** Advance the state; false when nothing more can be done without input. */
  private step(): boolean {
    if (this.skipping) return this.scan();
    if (this.start === this.stop) {
      this.release();
      return false;
    }
    const a = this.attempt(this.start);
    if (a.status === 'need') return false;
    if (a.status === 'ok') {
      this.accept(a);
      return true;
    }
    this.skipping = true;
    this.skipStart = this.cursor;
    this.scanFrom = this.cursor + 5;
    this.skipReason = a.reason;
    this.skipMessage = a.message;
    this.skipKey = a.eventKey;
    return true;
  }

  /** Search the next valid event header after a damaged region. */
  private scan(): boolean {
    const buf = this.buf;
    let i = this.start + (this.scanFrom - this.cursor);
    const last = this.stop - 4;
    for (; i <= last; i++) {
      const b = buf[i];
      if (b !== M0 && b !== M3) continue;
      if (!byteOrderAt(buf, i - 4)) continue;
      const a = this.attempt(i - 4);
      if (a.status === 'need') {
        this.scanFrom = this.cursor + (i - this.start);
        this.dropBefore(i - 4);
        return false;
      }
      if (a.status === 'fail') continue;
      this.finishSkip(i - 4);
      this.accept(a);
      return true;
    }
    this.scanFrom = this.cursor + (Math.max(i, this.start + 4) - this.start);
    if (this.ended) {
      this.finishSkip(this.stop);
      this.release();
      return true;
    }
    // Keep only the bytes that may still start a candidate header.
    this.dropBefore(Math.max(this.start, this.stop - 7));
    return false;
  }

  private finishSkip(idx: number): void {
    const skipped = this.cursor + (idx - this.start) - this.skipStart;
    this.skipping = false;
    this.dropBefore(idx);
    const p: RawProblem = {
      byteOffset: this.skipStart,
      reason: this.skipReason,
      message: `${this.skipMessage}; skipped ${skipped} bytes`,
      skippedBytes: skipped,
    };
    if (this.skipKey) p.eventKey = this.skipKey;
    this.stats.bytesSkipped += skipped;
    this.emitProblem(p);
  }

  private emitProblem(p: RawProblem): void {
    this.stats.problems++;
    this.stats.problemsByReason[p.reason] = (this.stats.problemsByReason[p.reason] ?? 0) + 1;
    if (this.problems.length < (this.opts.maxProblemsKept ?? 10000)) this.problems.push(p);
    this.out.push({ kind: 'problem', problem: p });
  }

  private accept(a: { size: number; records: RawRecord[] }): void {
    for (const r of a.records) {
      if (r.kind === 'event') {
        for (const p of r.problems) this.emitProblem(p);
        if (r.problems.length) this.stats.eventsDamaged++;
        else this.stats.eventsOk++;
        this.out.push(r);
      }
    }
    this.dropBefore(this.start + a.size);
  }

  private dropBefore(idx: number): void {
    this.cursor += idx - this.start;
    this.start = idx;
    if (this.start === this.stop) this.release();
  }

  private release(): void {
    if (!this.owned) this.buf = EMPTY;
    this.start = this.stop = 0;
  }

  /** Try to frame and decode an event starting at buffer index `idx`. */
  private attempt(idx: number): Attempt {
    const buf = this.buf;
    const avail = this.stop - idx;
    const offset = this.cursor + (idx - this.start);
    const need = (what: string, key?: RawEventKey): Attempt =>
      this.ended ? { status: 'fail', reason: 'truncated', message: `${what} runs past the end of the stream`, eventKey: key } : { status: 'need' };
    if (avail < 8) return this.ended ? need(`${avail} trailing bytes`) : { status: 'need' };
    const order = byteOrderAt(buf, idx);
    if (!order) {
      return { status: 'fail', reason: 'bad-magic', message: `no event magic at offset ${offset} (found 0x${readWord(buf, idx + 4, true).toString(16)})` };
    }
    if (avail < 12) return need('event header');
    const little = order === 'little';
    const size = readWord(buf, idx, little);
    const hl = readWord(buf, idx + 8, little);
    if (!isSupportedHeaderLength(hl)) return { status: 'fail', reason: 'bad-header', message: `header length ${hl} (expected 68 or 80)` };
    if (size % 4 !== 0 || size < hl || size > this.maxEventBytes) {
      return { status: 'fail', reason: 'bad-header', message: `implausible event size ${size}` };
    }
    if (avail < hl) return need('event header');
    const type = readWord(buf, idx + 16, little);
    if (!isRawEventType(type)) return { status: 'fail', reason: 'bad-header', message: `unknown event type ${type}` };
    const key = headerKey(buf, idx, little, hl);
    if (avail < size) return need(`event of ${size} bytes at offset ${offset}`, key);
    let words = wordsAt(buf, idx, size / 4, order);
    // An event header where an equipment should start: the size word is damaged and the event
    // would swallow the next ones; it ends there instead (the events after it are kept).
    const inside = eventHeaderInside(words, hl / 4);
    if (inside !== undefined) words = words.subarray(0, inside);
    const length = 4 * words.length;
    const r = decodeEventWords(words, order, offset, this.opts);
    if (!r.ok) return { status: 'fail', reason: r.reason, message: r.message, eventKey: r.eventKey ?? key };
    if (inside !== undefined) {
      const message = `event size ${size} at offset ${offset} runs into the event at offset ${offset + length}; event taken as ${length} bytes`;
      r.problems.unshift({ byteOffset: offset, reason: 'bad-header', message, skippedBytes: 0, eventKey: key });
    }
    return {
      status: 'ok',
      size: length,
      records: [{ kind: 'event', byteOffset: offset, byteLength: length, event: r.event, problems: r.problems }],
    };
  }
}

function headerKey(buf: Uint8Array, idx: number, little: boolean, hl: number): RawEventKey {
  const run = readWord(buf, idx + 20, little);
  if (hl === 68) {
    const w = readWord(buf, idx + 28, little);
    return { run, spill: w >>> 20, eventInSpill: w & 0xfffff };
  }
  return { run, spill: readWord(buf, idx + 28, little), eventInSpill: readWord(buf, idx + 32, little) };
}
