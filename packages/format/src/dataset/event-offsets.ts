import { FormatError } from '../errors.ts';

/** Row keys of a batch, column-wise. */
export interface KeyColumns {
  run: ArrayLike<number>;
  spill: ArrayLike<number>;
  event: ArrayLike<number>;
}

/**
 * Counts, for each event of `events` (sorted by key), the rows of a collection (also sorted) with
 * that key. Throws when a row's key has no event or the rows are out of order.
 */
export function countRowsPerEvent(events: KeyColumns, rows: KeyColumns, table: string): Int32Array {
  const counts = new Int32Array(events.run.length);
  let j = 0;
  const n = events.run.length;
  for (let r = 0; r < rows.run.length; r++) {
    const run = rows.run[r];
    const spill = rows.spill[r];
    const event = rows.event[r];
    while (j < n && (events.run[j] < run || (events.run[j] === run && (events.spill[j] < spill || (events.spill[j] === spill && events.event[j] < event))))) j++;
    if (j === n || events.run[j] !== run || events.spill[j] !== spill || events.event[j] !== event) {
      throw new FormatError(`${table} row ${r} has key (${run}, ${spill}, ${event}) that is not an event of this batch, or ${table} rows are not sorted by key`);
    }
    counts[j]++;
  }
  return counts;
}

/** Checks keys are strictly increasing (events) or non-decreasing (collections); returns the first bad row or -1. */
export function firstUnsortedRow(keys: KeyColumns, strict: boolean): number {
  for (let i = 1; i < keys.run.length; i++) {
    const c = keys.run[i] - keys.run[i - 1] || keys.spill[i] - keys.spill[i - 1] || keys.event[i] - keys.event[i - 1];
    if (c < 0 || (strict && c === 0)) return i;
  }
  return -1;
}
