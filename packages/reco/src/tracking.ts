/**
 * Track reconstruction from tracker clusters (x and y planes) of one event.
 *
 * Planes are grouped into stations separated by magnets (and, for electron and hadron beams, by
 * calorimeters, which end the particles). In each station and projection (x-z, y-z) lines are
 * seeded from every pair of hits on two different planes, hits of the other planes within a
 * window are attached, the line is refitted (weighted least squares, plane resolutions), and
 * candidates are accepted greedily by number of hits then chi2, never sharing a hit (straw
 * mirror hits count as one). An x line and a y line make a segment (paired in order of
 * quality). Segments of two stations with magnets between them are linked when they meet at the
 * field-weighted magnet centre; the momentum follows from the bend (exact for hard-edged uniform
 * fields, see @na64/format traceTrack):
 *   p_xz = 0.299792458 * |sum By L| / |sin(theta_down) - sin(theta_up)|,  theta = atan(tx),
 *   p = p_xz * sqrt(1 + tx^2 + ty^2) / sqrt(1 + tx^2)  (upstream slopes),
 *   charge = -sign((theta_down - theta_up) * sum By L).
 */
import { GEV_PER_TESLA_METRE } from '@na64/format';
import type { RecoConfig } from './config.ts';
import type { SetupModel } from './detector-model.ts';
import type { HitsBuilder, TracksBuilder } from './hits-builder.ts';

interface Line {
  /** Position at the group's reference z and slope. */
  a: number;
  b: number;
  chi2: number;
  ndf: number;
  rows: number[];
}

interface Segment {
  group: number;
  x: Line;
  y: Line;
  momentum: number;
  charge: number;
}

interface PlaneHits {
  z: number;
  sigma: number;
  u: number[];
  rows: number[];
}

function fitLine(zs: number[], us: number[], ws: number[], zref: number): { a: number; b: number; chi2: number } {
  let s = 0, sz = 0, szz = 0, su = 0, szu = 0;
  for (let i = 0; i < zs.length; i++) {
    const z = zs[i] - zref;
    const w = ws[i];
    s += w;
    sz += w * z;
    szz += w * z * z;
    su += w * us[i];
    szu += w * z * us[i];
  }
  const det = s * szz - sz * sz;
  const b = (s * szu - sz * su) / det;
  const a = (su - b * sz) / s;
  let chi2 = 0;
  for (let i = 0; i < zs.length; i++) {
    const r = us[i] - a - b * (zs[i] - zref);
    chi2 += ws[i] * r * r;
  }
  return { a, b, chi2 };
}

/** Lines in one projection of one station. */
function findLines(planes: PlaneHits[], nPlanesAxis: number, zref: number, cfg: RecoConfig, hits: HitsBuilder, used: Uint8Array, h0: number): Line[] {
  const P = planes.length;
  if (P < 2) return [];
  const minHits = nPlanesAxis >= 3 ? 3 : 2;
  const candidates: Line[] = [];
  const zs: number[] = [];
  const us: number[] = [];
  const ws: number[] = [];
  const rows: number[] = [];
  // Search window on each plane for a seed on planes (i, j): the same for every hit pair.
  const windows = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    for (let j = P - 1; j > i; j--) {
      const pi = planes[i];
      const pj = planes[j];
      if (pi.u.length === 0 || pj.u.length === 0) continue;
      for (let k = 0; k < P; k++) {
        const pk = planes[k];
        // Extrapolation error of the two-point seed (approx.): the larger seed sigma.
        const sig = Math.hypot(pk.sigma, Math.max(pi.sigma, pj.sigma) * (1 + Math.abs(pk.z - pi.z) / Math.abs(pj.z - pi.z)));
        windows[k] = cfg.trackWindowSigma * sig + cfg.trackWindowMm;
      }
      for (let hi = 0; hi < pi.u.length; hi++) {
        for (let hj = 0; hj < pj.u.length; hj++) {
          const slope = (pj.u[hj] - pi.u[hi]) / (pj.z - pi.z);
          zs.length = us.length = ws.length = rows.length = 0;
          for (let k = 0; k < P; k++) {
            const pk = planes[k];
            let best = -1;
            let bestD = Infinity;
            if (k === i) best = hi;
            else if (k === j) best = hj;
            else {
              const pred = pi.u[hi] + slope * (pk.z - pi.z);
              const win = windows[k];
              for (let h = 0; h < pk.u.length; h++) {
                const d = Math.abs(pk.u[h] - pred);
                if (d < win && d < bestD) {
                  bestD = d;
                  best = h;
                }
              }
            }
            if (best >= 0) {
              zs.push(pk.z);
              us.push(pk.u[best]);
              ws.push(1 / (pk.sigma * pk.sigma));
              rows.push(pk.rows[best]);
            }
          }
          if (zs.length < minHits) continue;
          const f = fitLine(zs, us, ws, zref);
          const ndf = zs.length - 2;
          if (ndf > 0 && f.chi2 / ndf > cfg.trackMaxChi2Ndf) continue;
          candidates.push({ a: f.a, b: f.b, chi2: f.chi2, ndf, rows: rows.slice() });
        }
      }
    }
  }
  candidates.sort((p, q) => q.rows.length - p.rows.length || p.chi2 - q.chi2);
  const out: Line[] = [];
  for (const c of candidates) {
    let free = true;
    for (const r of c.rows) if (used[r - h0]) free = false;
    if (!free) continue;
    for (const r of c.rows) {
      used[r - h0] = 1;
      const m = hits.mirror[r];
      if (m >= 0) used[m - h0] = 1;
    }
    out.push(c);
  }
  return out;
}

export interface TrackingResult {
  nTracks: number;
  /** Momentum of the linked segment in the most upstream station, NaN when none. */
  pIn: number;
}

/** Reconstructs the tracks of one event from its hits rows [h0, h1) and appends them to `out`. */
export function reconstructEventTracks(
  model: SetupModel,
  cfg: RecoConfig,
  hits: HitsBuilder,
  h0: number,
  h1: number,
  key: { run: number; spill: number; event: number },
  out: TracksBuilder,
): TrackingResult {
  const result: TrackingResult = { nTracks: 0, pIn: NaN };
  const tp = model.trackPlanes;
  if (tp.length === 0 || h1 <= h0) return result;
  // Hits per track plane.
  let perPlane: PlaneHits[] | undefined;
  for (let r = h0; r < h1; r++) {
    const em = model.elements[hits.element[r]];
    if (em.digitizer !== 'apv' && em.digitizer !== 'tdc') continue;
    const p = em.planes[hits.plane[r]];
    if (!p || p.trackPlane < 0) continue;
    const u = p.axis === 0 ? hits.x[r] : hits.y[r];
    if (!Number.isFinite(u)) continue;
    perPlane ??= tp.map((t) => ({ z: t.z, sigma: t.resolution, u: [], rows: [] }));
    const ph = perPlane[p.trackPlane];
    if (ph.u.length >= cfg.trackMaxHitsPerPlane) continue;
    ph.u.push(u);
    ph.rows.push(r);
  }
  if (!perPlane) return result;
  const used = new Uint8Array(h1 - h0);
  const segments: Segment[][] = [];
  for (let g = 0; g < model.nGroups; g++) {
    const lines: Line[][] = [[], []];
    for (let axis = 0; axis < 2; axis++) {
      const planes: PlaneHits[] = [];
      let nAxis = 0;
      for (let k = 0; k < tp.length; k++) {
        if (tp[k].group !== g || tp[k].axis !== axis) continue;
        nAxis++;
        if (perPlane[k].u.length > 0) planes.push(perPlane[k]);
      }
      lines[axis] = findLines(planes, nAxis, model.groupZ[g], cfg, hits, used, h0);
    }
    const n = Math.min(lines[0].length, lines[1].length);
    const segs: Segment[] = [];
    for (let i = 0; i < n; i++) segs.push({ group: g, x: lines[0][i], y: lines[1][i], momentum: NaN, charge: 0 });
    segments.push(segs);
  }
  // Momentum links across magnets.
  for (const link of model.links) {
    const up = segments[link.upstream];
    const down = segments[link.downstream];
    const pairs: { u: Segment; d: Segment; mismatch: number }[] = [];
    const dzU = link.zKick - model.groupZ[link.upstream];
    const dzD = link.zKick - model.groupZ[link.downstream];
    for (const u of up) {
      for (const d of down) {
        const mx = u.x.a + u.x.b * dzU - (d.x.a + d.x.b * dzD);
        const my = u.y.a + u.y.b * dzU - (d.y.a + d.y.b * dzD);
        const mismatch = Math.hypot(mx, my);
        if (mismatch <= cfg.linkMaxMismatchMm) pairs.push({ u, d, mismatch });
      }
    }
    pairs.sort((p, q) => p.mismatch - q.mismatch);
    for (const { u, d } of pairs) {
      if (!Number.isNaN(u.momentum) || !Number.isNaN(d.momentum)) continue;
      const txU = u.x.b;
      const tyU = u.y.b;
      const txD = d.x.b;
      const sinU = txU / Math.sqrt(1 + txU * txU);
      const sinD = txD / Math.sqrt(1 + txD * txD);
      const dsin = sinD - sinU;
      if (dsin === 0) continue;
      const pxz = (GEV_PER_TESLA_METRE * Math.abs(link.fieldIntegral)) / Math.abs(dsin);
      const p = (pxz * Math.sqrt(1 + txU * txU + tyU * tyU)) / Math.sqrt(1 + txU * txU);
      const dTheta = Math.atan(txD) - Math.atan(txU);
      const charge = -Math.sign(dTheta * link.fieldIntegral);
      u.momentum = d.momentum = p;
      u.charge = d.charge = charge;
    }
  }
  for (let g = 0; g < segments.length; g++) {
    for (const s of segments[g]) {
      if (g === 0 && Number.isNaN(result.pIn) && !Number.isNaN(s.momentum)) result.pIn = s.momentum;
      out.run.push(key.run);
      out.spill.push(key.spill);
      out.event.push(key.event);
      out.station.push(g);
      out.charge.push(s.charge);
      out.momentum.push(s.momentum);
      out.x.push(s.x.a);
      out.y.push(s.y.a);
      out.z.push(model.groupZ[g]);
      out.tx.push(s.x.b);
      out.ty.push(s.y.b);
      out.chi2.push(s.x.chi2 + s.y.chi2);
      out.ndf.push(s.x.ndf + s.y.ndf);
      const rows = [...s.x.rows, ...s.y.rows].map((r) => r - h0).sort((p, q) => p - q);
      for (const r of rows) out.hitValues.push(r);
      out.hitOffsets.push(out.hitValues.length);
      out.length++;
      result.nTracks++;
    }
  }
  return result;
}
