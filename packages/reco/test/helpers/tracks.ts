/** Tracker deposits of a charged particle and shower-like calorimeter patterns for the tests. */
import { getPlane, interpolateTrack, planePitch, planeZ, traceTrack, type Setup } from '@na64/format';
import type { CellDeposit, StrawDeposit, StripDeposit, TestRng } from './digitize.ts';

const STRAW_RESOLUTION = 0.2; // mm, as the reconstruction assumes by default

/** Tracker deposits of one charged particle along traceTrack, smeared by each plane's resolution. */
export function trackDeposits(
  setup: Setup,
  rng: TestRng,
  p: number,
  start: { x: number; y: number },
  slopes: { tx: number; ty: number },
  inefficiency: number,
  zMax = Infinity,
): { strips: StripDeposit[]; straws: StrawDeposit[] } {
  const trace = traceTrack(setup, { momentum: p, charge: -1, start: { ...start, z: -10 }, tx: slopes.tx, ty: slopes.ty });
  const strips: StripDeposit[] = [];
  const straws: StrawDeposit[] = [];
  for (const el of setup.elements) {
    if (el.kind !== 'tracker-strip' && el.kind !== 'straw') continue;
    const seg = el.segmentation as { planes: { name: string; orientation: string }[] };
    for (const plane of seg.planes) {
      if (rng.uniform() < inefficiency) continue;
      const z = planeZ(el, plane.name);
      if (z > zMax) continue;
      const at = interpolateTrack(trace.points, z);
      const straw = el.kind === 'straw';
      // The setup's plane resolution: pitch / sqrt(12) for strips; the straw drift resolution.
      const sigma = straw ? STRAW_RESOLUTION : planePitch(getPlane(el, plane.name)) / Math.sqrt(12);
      const u = (plane.orientation === 'x' ? at.x : at.y) + sigma * rng.gauss();
      if (straw) straws.push({ element: el.name, plane: plane.name, u });
      else strips.push({ element: el.name, plane: plane.name, u, charge: 900, width: 0.6 });
    }
  }
  return { strips, straws };
}

/** Energy of ecalShower(1), GeV. */
export const ECAL_SHOWER_UNIT = 11.2 + 106.4;

/** A shower-like ECAL pattern (preshower + main) around cell (3, 3), `scale` x ECAL_SHOWER_UNIT GeV in all. */
export function ecalShower(scale: number, time = 0): CellDeposit[] {
  const out: CellDeposit[] = [];
  for (let section = 0; section < 2; section++) {
    for (let ix = 1; ix <= 5; ix++) {
      for (let iy = 1; iy <= 5; iy++) {
        const d = Math.max(Math.abs(ix - 3), Math.abs(iy - 3));
        const edge = Math.abs(ix - 3) + Math.abs(iy - 3);
        const e =
          section === 0
            ? d === 0 ? 6 : d === 1 ? (edge === 1 ? 0.8 : 0.5) : 0
            : d === 0 ? 70 : d === 1 ? (edge === 1 ? 4 : 1.5) : 0.9;
        if (e > 0) out.push({ element: 'ECAL', ix, iy, section, energy: e * scale, time });
      }
    }
  }
  return out;
}
