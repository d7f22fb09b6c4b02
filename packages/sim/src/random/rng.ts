/**
 * Seeded pseudo-random numbers for the simulator.
 *
 * Generator: xoshiro128** 1.1 (D. Blackman, S. Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47 (2021) 36; reference code at prng.di.unimi.it). 128-bit state,
 * period 2^128 - 1, 32-bit outputs; it passes BigCrush and is fast in JavaScript because it
 * needs only 32-bit integer operations (Math.imul, shifts, rotations).
 *
 * Seeding and streams: a generator is identified by a 64-bit key. The state is filled from the
 * key with SplitMix64 (G. Steele, D. Lea, C. Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014), which is the seeding procedure Vigna recommends for xoshiro.
 * `fork(streamId)` derives a child key as mix64(key XOR mix64(streamId + golden gamma)); the child
 * depends only on the parent's key and the stream id, never on how many numbers the parent has
 * already drawn. So event i of a run seeded with s gets `createRng(s).fork(i)` whether the run is
 * processed by one job or many, and produces identical bytes.
 */
import { lnGamma } from '../physics/special.ts';
import { sampleStandardLandau } from './landau.ts';
import { ZIGGURAT_F, ZIGGURAT_K, ZIGGURAT_R, ZIGGURAT_W } from './ziggurat.ts';


function toKey(seed: number | bigint): bigint {
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    return BigInt.asUintN(64, BigInt(seed));
  }
  return BigInt.asUintN(64, seed);
}

const TWO_POW_53 = 9007199254740992;
const TWO_POW_32 = 4294967296;

// SplitMix64 on (hi, lo) 32-bit halves (same values as the BigInt form above, no allocation).
// Results go to these module-level registers.
let mHi = 0;
let mLo = 0;
const GG_HI = 0x9e3779b9;
const GG_LO = 0x7f4a7c15;

/** (hi, lo) * (chi, clo) mod 2^64 into (mHi, mLo). */
function mul64(hi: number, lo: number, chi: number, clo: number): void {
  const a0 = lo & 0xffff;
  const a1 = lo >>> 16;
  const b0 = clo & 0xffff;
  const b1 = clo >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  mLo = ((mid << 16) | (p00 & 0xffff)) >>> 0;
  const carry = p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  mHi = (carry + Math.imul(lo, chi) + Math.imul(hi, clo)) >>> 0;
}

/** mix64 of (hi, lo) into (mHi, mLo). */
function mix64n(hi0: number, lo0: number): void {
  let hi = hi0 >>> 0;
  let lo = lo0 >>> 0;
  lo = (lo ^ ((lo >>> 30) | (hi << 2))) >>> 0;
  hi = (hi ^ (hi >>> 30)) >>> 0;
  mul64(hi, lo, 0xbf58476d, 0x1ce4e5b9);
  hi = mHi;
  lo = mLo;
  lo = (lo ^ ((lo >>> 27) | (hi << 5))) >>> 0;
  hi = (hi ^ (hi >>> 27)) >>> 0;
  mul64(hi, lo, 0x94d049bb, 0x133111eb);
  hi = mHi;
  lo = mLo;
  mLo = (lo ^ ((lo >>> 31) | (hi << 1))) >>> 0;
  mHi = (hi ^ (hi >>> 31)) >>> 0;
}

/** (hi, lo) + golden gamma mod 2^64 into (mHi, mLo). */
function addGolden(hi: number, lo: number): void {
  const s = (lo >>> 0) + GG_LO;
  mLo = s >>> 0;
  mHi = ((hi >>> 0) + GG_HI + (s >= TWO_POW_32 ? 1 : 0)) >>> 0;
}

/** Seeded random number generator (xoshiro128**) with the distributions the physics needs. */
export class Rng {
  /** 64-bit key as two unsigned 32-bit halves. */
  private readonly keyHi: number;
  private readonly keyLo: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** `keyLo` given: `seed` is the high half of the key (internal use by `fork`). */
  constructor(seed: number | bigint, keyLo?: number) {
    if (keyLo !== undefined) {
      this.keyHi = (seed as number) >>> 0;
      this.keyLo = keyLo >>> 0;
    } else {
      const key = toKey(seed);
      this.keyHi = Number(key >> 32n);
      this.keyLo = Number(key & 0xffffffffn);
    }
    // Fill the 128-bit state with two SplitMix64 outputs.
    addGolden(this.keyHi, this.keyLo);
    const xHi = mHi;
    const xLo = mLo;
    mix64n(xHi, xLo);
    this.s0 = mLo | 0;
    this.s1 = mHi | 0;
    addGolden(xHi, xLo);
    mix64n(mHi, mLo);
    this.s2 = mLo | 0;
    this.s3 = mHi | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // all-zero state is forbidden
  }

  /** 64-bit key this generator was created from (seed or derived stream key). */
  get key(): bigint {
    return (BigInt(this.keyHi) << 32n) | BigInt(this.keyLo);
  }

  /** Independent generator for sub-stream `streamId` (e.g. the event index); deterministic. */
  fork(streamId: number | bigint): Rng {
    let idHi: number;
    let idLo: number;
    if (typeof streamId === 'number' && streamId >= 0 && streamId <= Number.MAX_SAFE_INTEGER && Number.isInteger(streamId)) {
      idHi = Math.floor(streamId / TWO_POW_32);
      idLo = streamId >>> 0;
    } else {
      const id = toKey(streamId);
      idHi = Number(id >> 32n);
      idLo = Number(id & 0xffffffffn);
    }
    addGolden(idHi, idLo);
    mix64n(mHi, mLo);
    mix64n(this.keyHi ^ mHi, this.keyLo ^ mLo);
    return new Rng(mHi, mLo);
  }

  /** Next raw 32-bit unsigned output of xoshiro128**. */
  nextUint32(): number {
    const s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    const n0 = s0 ^ s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    this.s0 = n0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    return r;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /** Uniform double in the open interval (0, 1). */
  uniformOpen(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return u;
  }

  /** Uniform double in [lo, hi). */
  uniformRange(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform integer in [0, n), n <= 2^32. */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Normal deviate, ziggurat method (see ziggurat.ts): one 32-bit draw for ~99% of deviates. */
  normal(mean = 0, sigma = 1): number {
    const hz = this.nextUint32() | 0;
    const iz = hz & 127;
    if (Math.abs(hz) < ZIGGURAT_K[iz]) return mean + sigma * hz * ZIGGURAT_W[iz];
    return mean + sigma * this.normalOutside(hz, iz);
  }

  /** The ziggurat's rare path: the wedge of layer iz, or the tail beyond r for the base layer. */
  private normalOutside(hz0: number, iz0: number): number {
    let hz = hz0;
    let iz = iz0;
    for (;;) {
      const x = hz * ZIGGURAT_W[iz];
      if (iz === 0) {
        // Tail |x| > r (Marsaglia 1964): x = r + e1 / r, accepted when 2 e2 > (e1 / r)^2.
        let t: number;
        let y: number;
        do {
          t = -Math.log(this.uniformOpen()) / ZIGGURAT_R;
          y = -Math.log(this.uniformOpen());
        } while (y + y < t * t);
        return hz > 0 ? ZIGGURAT_R + t : -ZIGGURAT_R - t;
      }
      if (ZIGGURAT_F[iz] + this.uniform() * (ZIGGURAT_F[iz - 1] - ZIGGURAT_F[iz]) < Math.exp(-0.5 * x * x)) return x;
      hz = this.nextUint32() | 0;
      iz = hz & 127;
      if (Math.abs(hz) < ZIGGURAT_K[iz]) return hz * ZIGGURAT_W[iz];
    }
  }

  /** Exponential deviate with the given mean (inversion). */
  exponential(mean = 1): number {
    return -mean * Math.log(this.uniformOpen());
  }

  /**
   * Gamma deviate with shape k > 0 and scale theta: Marsaglia & Tsang, "A simple method for
   * generating gamma variables", ACM TOMS 26 (2000) 363; for k < 1 the boost Gamma(k+1) U^(1/k).
   */
  gamma(shape: number, scale = 1): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
    if (shape < 1) {
      const g = this.gamma(shape + 1, 1);
      return scale * g * Math.pow(this.uniformOpen(), 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniformOpen();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return scale * d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return scale * d * v;
    }
  }

  /**
   * Poisson deviate. mean < 10: multiplication of uniforms (Knuth, TAOCP vol. 2, 3.4.1);
   * otherwise PTRS transformed rejection (W. Hoermann, "The transformed rejection method for
   * generating Poisson random variables", Insurance: Math. Econ. 12 (1993) 39).
   */
  poisson(mean: number): number {
    if (!(mean >= 0)) throw new RangeError(`poisson mean must be >= 0, got ${mean}`);
    if (mean === 0) return 0;
    if (mean < 10) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = this.uniform() - 0.5;
      const V = this.uniform();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + mean + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (
        Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
        -mean + k * loglam - lnGamma(k + 1)
      ) {
        return k;
      }
    }
  }

  /**
   * Poisson deviate of a small mean (< 10) given expMinusMean = exp(-mean), precomputed by a
   * caller that draws the same mean often; the same numbers as `poisson(mean)`.
   */
  poissonSmall(expMinusMean: number): number {
    let k = 0;
    let p = this.uniform();
    while (p > expMinusMean) {
      k++;
      p *= this.uniform();
    }
    return k;
  }

  /**
   * Landau deviate with location `mpv` (most probable value) and scale `xi`: mpv + xi (lambda -
   * lambda_mp) with lambda standard Landau (see landau.ts).
   */
  landau(mpv = 0, xi = 1): number {
    return mpv + xi * (sampleStandardLandau(this.uniformOpen()) - LANDAU_MODE);
  }

  /** Isotropic unit vector. */
  isotropicDirection(): [number, number, number] {
    const cost = 2 * this.uniform() - 1;
    const sint = Math.sqrt(Math.max(0, 1 - cost * cost));
    const phi = 2 * Math.PI * this.uniform();
    return [sint * Math.cos(phi), sint * Math.sin(phi), cost];
  }
}

/**
 * Mode of the standard Landau density phi(lambda) (lambda_mp = -0.22278; e.g. K.S. Koelbig,
 * B. Schorr, Comput. Phys. Commun. 31 (1984) 97; PDG "Passage of particles through matter").
 */
export const LANDAU_MODE = -0.22278298;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Root generator for a run seed. Use `.fork(eventIndex)` for per-event streams. */
export function createRng(seed: number | bigint): Rng {
  return new Rng(seed);
}

/** Deterministic generator for (seed, stream path...), e.g. streamRng(seed, eventIndex). */
export function streamRng(seed: number | bigint, ...streamIds: Array<number | bigint>): Rng {
  let r = new Rng(seed);
  for (const id of streamIds) r = r.fork(id);
  return r;
}

