/**
 * Digits of one event and one element -> calibrated hits (MSADC cells: msadc-hits.ts).
 * - APV strips: frames minus the strip pedestal, strips above apvStripSigma sigma, clusters of
 *   adjacent strips with a seed above apvSeedSigma, charge-weighted centroid -> coordinate,
 *   time from the ratio of the summed frames (CR-RC shape, pulse-template.ts).
 * - Straw tubes: drift time t = tdc * tdcBin - STRAW_T0_NS - timeOffset(tube), r = driftVelocity * t (linear
 *   r-t relation) clipped to [0, tube radius]; two mirror hits u = u_wire -+ r (left first).
 */
import { STRAW_T0_NS, type BatchOf } from '@na64/format';
import type { RecoConfig } from './config.ts';
import type { ElementModel } from './detector-model.ts';
import type { HitsBuilder } from './hits-builder.ts';
import { newPulseFit } from './pulse-fit.ts';
import { APV_FRAME_NS, APV_TAU_NS } from './pulse-template.ts';

export interface EventKey {
  run: number;
  spill: number;
  event: number;
}

/** Per cell sums of the PMTs of multi-PMT cells, and the cells touched in the current event. */
export interface CellSums {
  e: Float64Array;
  t: Float64Array;
  q: Float64Array;
  n: Int32Array;
  touched: Int32Array;
}

/** Scratch memory reused across events of a bundle. */
export class HitScratch {
  readonly fit = newPulseFit();
  private cells = new Map<number, CellSums>();
  // APV strip scratch
  strip = new Int32Array(512);
  amp = new Float64Array(512);
  f0 = new Float64Array(512);
  f1 = new Float64Array(512);
  f2 = new Float64Array(512);
  seed = new Uint8Array(512);
  order = new Int32Array(512);

  cellsOf(m: ElementModel): CellSums {
    let c = this.cells.get(m.index);
    if (!c) {
      c = {
        e: new Float64Array(m.nCells),
        t: new Float64Array(m.nCells),
        q: new Float64Array(m.nCells),
        n: new Int32Array(m.nCells),
        touched: new Int32Array(m.nCells),
      };
      this.cells.set(m.index, c);
    }
    return c;
  }

  ensureStrips(n: number): void {
    if (this.strip.length >= n) return;
    const size = Math.max(n, this.strip.length * 2);
    this.strip = new Int32Array(size);
    this.amp = new Float64Array(size);
    this.f0 = new Float64Array(size);
    this.f1 = new Float64Array(size);
    this.f2 = new Float64Array(size);
    this.seed = new Uint8Array(size);
    this.order = new Int32Array(size);
  }
}

/**
 * Start time of a CR-RC pulse from two frames a (at frame time ta) and b (at ta + 25 ns):
 * a/b = (s/(s+25)) exp(25/tau) with s = ta - start, so s = 25 q / (1 - q), q = (a/b) exp(-25/tau).
 */
function apvStart(a: number, b: number, ta: number): number {
  if (!(a > 0 && b > 0)) return NaN;
  const dt = APV_FRAME_NS[1] - APV_FRAME_NS[0];
  const q = (a / b) * Math.exp(-dt / APV_TAU_NS);
  if (!(q > 0 && q < 1)) return NaN;
  return ta - (dt * q) / (1 - q);
}

/** APV digits of one element and event -> strip clusters, plane by plane. */
export function apvHits(
  m: ElementModel,
  digits: BatchOf<'digits'>,
  rows: Int32Array,
  r0: number,
  r1: number,
  key: EventKey,
  cfg: RecoConfig,
  scratch: HitScratch,
  out: HitsBuilder,
): void {
  scratch.ensureStrips(r1 - r0);
  const offsets = digits.samples.offsets;
  const values = digits.samples.values;
  for (const p of m.planes) {
    // Strips of this plane above threshold.
    let n = 0;
    for (let k = r0; k < r1; k++) {
      const row = rows[k];
      if (digits.plane[row] !== p.index) continue;
      const s = digits.strip[row];
      if (s < 0 || s >= p.count) continue;
      const off = offsets[row];
      const nf = offsets[row + 1] - off;
      if (nf < 1) continue;
      const ped = p.pedestal[s];
      const sig = p.sigma[s];
      const a0 = values[off] - ped;
      const a1 = nf > 1 ? values[off + 1] - ped : 0;
      const a2 = nf > 2 ? values[off + 2] - ped : 0;
      const amp = Math.max(a0, a1, a2);
      if (amp < cfg.apvStripSigma * sig) continue;
      scratch.strip[n] = s;
      scratch.amp[n] = amp;
      scratch.f0[n] = a0;
      scratch.f1[n] = a1;
      scratch.f2[n] = a2;
      scratch.seed[n] = amp >= cfg.apvSeedSigma * sig ? 1 : 0;
      scratch.order[n] = n;
      n++;
    }
    if (n === 0) continue;
    const o = scratch.order;
    const st = scratch.strip;
    for (let i = 1; i < n; i++) {
      const v = o[i];
      let j = i - 1;
      while (j >= 0 && st[o[j]] > st[v]) {
        o[j + 1] = o[j];
        j--;
      }
      o[j + 1] = v;
    }
    let i = 0;
    while (i < n) {
      let j = i + 1;
      while (j < n && st[o[j]] === st[o[j - 1]] + 1) j++;
      let q = 0, qs = 0, s0 = 0, s1 = 0, s2 = 0, seed = 0;
      for (let k = i; k < j; k++) {
        const v = o[k];
        q += scratch.amp[v];
        qs += scratch.amp[v] * st[v];
        s0 += scratch.f0[v];
        s1 += scratch.f1[v];
        s2 += scratch.f2[v];
        seed |= scratch.seed[v];
      }
      if (seed) {
        const centroid = qs / q;
        const u = p.u0 + centroid * p.pitch;
        let start = apvStart(s1, s2, APV_FRAME_NS[1]);
        if (Number.isNaN(start)) start = apvStart(s0, s1, APV_FRAME_NS[0]);
        const h = out.add(key.run, key.spill, key.event, m.index);
        out.plane[h] = p.index;
        out.strip[h] = centroid;
        out.clusterSize[h] = j - i;
        out.charge[h] = q;
        out.time[h] = start - m.apvTimeOffset;
        out.z[h] = p.z;
        if (p.axis === 0) out.x[h] = u;
        else if (p.axis === 1) out.y[h] = u;
      }
      i = j;
    }
  }
}

/** Straw TDC digits of one element and event -> mirror hit pairs. */
export function strawHits(
  m: ElementModel,
  digits: BatchOf<'digits'>,
  rows: Int32Array,
  r0: number,
  r1: number,
  key: EventKey,
  scratch: HitScratch,
  out: HitsBuilder,
): void {
  scratch.ensureStrips(r1 - r0);
  for (const p of m.planes) {
    let n = 0;
    for (let k = r0; k < r1; k++) {
      const row = rows[k];
      if (digits.plane[row] !== p.index || digits.tdc[row] < 0) continue;
      const s = digits.strip[row];
      if (s < 0 || s >= p.count) continue;
      scratch.order[n++] = row;
    }
    // Ascending tube order.
    const o = scratch.order;
    for (let i = 1; i < n; i++) {
      const v = o[i];
      let j = i - 1;
      while (j >= 0 && digits.strip[o[j]] > digits.strip[v]) {
        o[j + 1] = o[j];
        j--;
      }
      o[j + 1] = v;
    }
    const radius = p.pitch / 2;
    for (let i = 0; i < n; i++) {
      const row = o[i];
      const tube = digits.strip[row];
      const t = digits.tdc[row] * m.tdcBin - STRAW_T0_NS - p.timeOffset[tube];
      const r = Math.min(radius, Math.max(0, t * m.driftVelocity));
      const wire = p.u0 + tube * p.pitch;
      let first = -1;
      for (const sign of [-1, 1]) {
        const h = out.add(key.run, key.spill, key.event, m.index);
        out.plane[h] = p.index;
        out.strip[h] = tube + (sign * r) / p.pitch;
        out.time[h] = t;
        out.z[h] = p.z;
        const u = wire + sign * r;
        if (p.axis === 0) out.x[h] = u;
        else if (p.axis === 1) out.y[h] = u;
        if (first < 0) first = h;
        else {
          out.mirror[h] = first;
          out.mirror[first] = h;
        }
      }
    }
  }
}
