/**
 * The digits of one event grouped by setup element, in setup order (digit order within an
 * element): runs (element, rows[start .. end)) of digit rows. The element of every digit is
 * looked up once per bundle; an event whose digits already come in setup order (the usual
 * case) is taken as it is, others are bucketed by a counting sort.
 */
import type { BatchOf } from '@na64/format';
import type { SetupModel } from './detector-model.ts';

export class EventDigitGroups {
  /** Setup element index of each digit of the bundle, -1 for unknown detectors. */
  private readonly elementOfDigit: Int32Array;
  /** Digit rows 0, 1, 2, ... (the rows of an event in setup order). */
  private readonly identity: Int32Array;
  private readonly nElements: number;
  private readonly counts: Int32Array;
  private sorted = new Int32Array(256);
  /** Rows the runs index into (shared by all runs of the event). */
  rows: Int32Array;
  runElement = new Int32Array(16);
  runStart = new Int32Array(16);
  runEnd = new Int32Array(16);
  nRuns = 0;

  constructor(model: SetupModel, digits: BatchOf<'digits'>) {
    const n = digits.detector.length;
    this.nElements = model.elements.length;
    this.counts = new Int32Array(this.nElements + 1);
    this.elementOfDigit = new Int32Array(n);
    this.identity = new Int32Array(n);
    const detector = digits.detector;
    let lastName = '';
    let lastIndex = -1;
    for (let d = 0; d < n; d++) {
      const name = detector[d];
      if (name !== lastName) {
        lastName = name;
        lastIndex = model.byName.get(name) ?? -1;
      }
      this.elementOfDigit[d] = lastIndex;
      this.identity[d] = d;
    }
    this.rows = this.identity;
  }

  /** Groups the digits d0 .. d1 - 1 (one event). */
  group(d0: number, d1: number): void {
    const el = this.elementOfDigit;
    let inOrder = true;
    for (let d = d0 + 1; d < d1; d++) {
      if (el[d] < el[d - 1]) {
        inOrder = false;
        break;
      }
    }
    this.nRuns = 0;
    if (inOrder) {
      this.rows = this.identity;
      let d = d0;
      while (d < d1) {
        const e = el[d];
        const start = d;
        while (d < d1 && el[d] === e) d++;
        if (e >= 0) this.addRun(e, start, d);
      }
      return;
    }
    this.bucket(d0, d1);
  }

  /** Counting sort of the digits d0 .. d1 - 1 by element. */
  private bucket(d0: number, d1: number): void {
    const el = this.elementOfDigit;
    const counts = this.counts;
    if (this.sorted.length < d1 - d0) this.sorted = new Int32Array(2 * (d1 - d0));
    counts.fill(0);
    for (let d = d0; d < d1; d++) if (el[d] >= 0) counts[el[d] + 1]++;
    let start = 0;
    for (let e = 0; e < this.nElements; e++) {
      const n = counts[e + 1];
      counts[e + 1] = start; // now the fill cursor of element e
      if (n > 0) this.addRun(e, start, start + n);
      start += n;
    }
    for (let d = d0; d < d1; d++) {
      const e = el[d];
      if (e >= 0) this.sorted[counts[e + 1]++] = d;
    }
    this.rows = this.sorted;
  }

  private addRun(element: number, start: number, end: number): void {
    if (this.nRuns === this.runElement.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.runElement = grow(this.runElement);
      this.runStart = grow(this.runStart);
      this.runEnd = grow(this.runEnd);
    }
    this.runElement[this.nRuns] = element;
    this.runStart[this.nRuns] = start;
    this.runEnd[this.nRuns] = end;
    this.nRuns++;
  }
}
