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

const MASK64 = (1n << 64n) - 1n;
/** 2^64 / golden ratio, the SplitMix64 increment (Steele et al. 2014). */
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

/** SplitMix64 output function (Steele et al. 2014; constants from D. Stafford's "Mix13"). */
function mix64(z0: bigint): bigint {
  let z = z0 & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

function toKey(seed: number | bigint): bigint {
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    return BigInt.asUintN(64, BigInt(seed));
  }
  return BigInt.asUintN(64, seed);
}

const TWO_POW_53 = 9007199254740992;

/** Seeded random number generator (xoshiro128**) with the distributions the physics needs. */
export class Rng {
  /** 64-bit key this generator was created from (seed or derived stream key). */
  readonly key: bigint;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal = 0;
  private hasSpareNormal = false;

  constructor(seed: number | bigint) {
    this.key = toKey(seed);
    // Fill the 128-bit state with two SplitMix64 outputs.
    let x = this.key;
    x = (x + GOLDEN_GAMMA) & MASK64;
    const a = mix64(x);
    x = (x + GOLDEN_GAMMA) & MASK64;
    const b = mix64(x);
    this.s0 = Number(a & 0xffffffffn) | 0;
    this.s1 = Number(a >> 32n) | 0;
    this.s2 = Number(b & 0xffffffffn) | 0;
    this.s3 = Number(b >> 32n) | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // all-zero state is forbidden
  }

  /** Independent generator for sub-stream `streamId` (e.g. the event index); deterministic. */
  fork(streamId: number | bigint): Rng {
    const id = toKey(streamId);
    return new Rng(mix64(this.key ^ mix64((id + GOLDEN_GAMMA) & MASK64)));
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

  /** Normal deviate, Box-Muller transform (G. Box, M. Muller, Ann. Math. Stat. 29 (1958) 610). */
  normal(mean = 0, sigma = 1): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return mean + sigma * this.spareNormal;
    }
    const u1 = this.uniformOpen();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    const phi = 2 * Math.PI * u2;
    this.spareNormal = r * Math.sin(phi);
    this.hasSpareNormal = true;
    return mean + sigma * r * Math.cos(phi);
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

