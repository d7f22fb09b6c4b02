// Word-level helpers: byte swapping and aligned native-order views.
import { HOST_LITTLE_ENDIAN } from './constants.ts';
import type { RawByteOrder } from './types.ts';

export function swap32(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

export function swapWordsInPlace(words: Uint32Array): void {
  for (let i = 0; i < words.length; i++) words[i] = swap32(words[i]);
}

/** Read a 32-bit word of the given byte order at an arbitrary byte position. */
export function readWord(bytes: Uint8Array, pos: number, little: boolean): number {
  return little
    ? (bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24)) >>> 0
    : ((bytes[pos] << 24) | (bytes[pos + 1] << 16) | (bytes[pos + 2] << 8) | bytes[pos + 3]) >>> 0;
}

/**
 * Words of `bytes[pos, pos + 4 * count)` in host order. A zero-copy view when aligned and in
 * host order (the caller must not keep it beyond the life of `bytes`), else a swapped copy.
 */
export function wordsAt(bytes: Uint8Array, pos: number, count: number, order: RawByteOrder): Uint32Array {
  const native = (order === 'little') === HOST_LITTLE_ENDIAN;
  const at = bytes.byteOffset + pos;
  if (native && (at & 3) === 0) return new Uint32Array(bytes.buffer, at, count);
  const out = new Uint32Array(count);
  new Uint8Array(out.buffer).set(bytes.subarray(pos, pos + 4 * count));
  if (!native) swapWordsInPlace(out);
  return out;
}

/** Bytes of host-order `words` in the requested byte order (copies only when swapping). */
export function wordsToBytes(words: Uint32Array, order: RawByteOrder): Uint8Array {
  const native = (order === 'little') === HOST_LITTLE_ENDIAN;
  if (!native) swapWordsInPlace(words);
  return new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
}

/** Largest unsigned value of each field width 0..32 (a table: this check runs per header word). */
const FIELD_MAX = Array.from({ length: 33 }, (_, bits) => 2 ** bits - 1);

export function checkField(name: string, value: number, bits: number): void {
  // value >= 0 && value <= max is false for NaN; the floor test catches fractions and infinities.
  if (!(value >= 0 && value <= FIELD_MAX[bits] && Math.floor(value) === value)) {
    throw new RangeError(`raw encode: ${name} = ${value} does not fit in ${bits} bits`);
  }
}
