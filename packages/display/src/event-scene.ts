/**
 * One event as drawable descriptions (no three.js, no DOM): calorimeter cells (instances),
 * tracker clusters (strip segments), tracks and truth particles (polylines). Every drawable keeps
 * the row it came from, so picking maps back to the table row.
 */
import type { Table } from 'apache-arrow';
import {
  cellCenter,
  cellSize,
  detectorName,
  elementZRange,
  getPlane,
  planeAngle,
  planePitch,
  stripSegment,
  traceTrack,
  type Setup,
  type SetupElement,
  type TrackPoint,
  type Vec3,
} from '@na64/format';
import { autoEnergyRange, energyColor, energyFraction, momentumColor, type EnergyRange, type EnergyScale, type Rgb } from './colors.ts';
import { Columns } from './columns.ts';

/** PDG code of the A' / X17 (DMG4 convention, SCHEMA.md truth.pdg). */
export const APRIME_PDG = 9900022;
/** Particles drawn dashed: invisible in the detector (A', neutrinos). */
export const INVISIBLE_PDG = new Set([APRIME_PDG, 12, -12, 14, -14, 16, -16]);

const CHARGE: Record<number, number> = { 11: -1, [-11]: 1, 13: -1, [-13]: 1, 211: 1, [-211]: -1, 321: 1, [-321]: -1, 2212: 1, [-2212]: -1 };
export function pdgCharge(pdg: number): number {
  return CHARGE[pdg] ?? 0;
}
const PDG_NAMES: Record<number, string> = { 11: 'e-', [-11]: 'e+', 13: 'mu-', [-13]: 'mu+', 22: 'gamma', 211: 'pi+', [-211]: 'pi-', 2212: 'p', 2112: 'n', [APRIME_PDG]: "A'/X17", 12: 'nu_e', [-12]: 'anti-nu_e' };
export function pdgName(pdg: number): string {
  return PDG_NAMES[pdg] ?? `pdg ${pdg}`;
}

/**
 * The setup element a hit belongs to: the element named like `detector`, else the element of that
 * detector family whose z range holds `z` (or the nearest one in z).
 */
export function resolveElement(setup: Setup, detector: string, z: number): SetupElement | undefined {
  const exact = setup.elements.find((e) => e.name === detector);
  if (exact) return exact;
  const family = setup.elements.filter((e) => detectorName(e) === detector);
  if (family.length <= 1) return family[0];
  if (Number.isFinite(z)) {
    const inside = family.find((e) => {
      const [a, b] = elementZRange(e);
      return z >= a - 1 && z <= b + 1;
    });
    if (inside) return inside;
    return family.reduce((best, e) => (Math.abs(e.position.z - z) < Math.abs(best.position.z - z) ? e : best));
  }
  return family[0];
}

export interface CellOptions {
  scale?: EnergyScale;
  /** Cells below this energy (GeV) are not drawn. */
  threshold?: number;
  /** Fixed colour range; default from the event's energies. */
  range?: EnergyRange;
  /** Scale box sizes with energy (default true). */
  sizeByEnergy?: boolean;
}

/** Calorimeter and counter cells of an event, as arrays ready for an InstancedMesh. */
export interface CellInstances {
  count: number;
  /** hits row of each instance. */
  rows: Int32Array;
  /** Element name of each instance. */
  elements: string[];
  /** Cell centres and drawn box sizes (mm), 3 per instance. */
  centers: Float32Array;
  sizes: Float32Array;
  energies: Float32Array;
  /** Colours, 3 per instance (0..1). */
  colors: Float32Array;
  range: EnergyRange;
}

/** Fraction of a cell's size drawn for an energy fraction t: 0.3 at the bottom of the scale, 1 at the top. */
export function cellBoxFraction(t: number): number {
  return 0.3 + 0.7 * Math.min(1, Math.max(0, t));
}

export function describeCells(setup: Setup, hits: Table, options: CellOptions = {}): CellInstances {
  const c = new Columns(hits);
  const det = c.str('detector');
  const ix = c.num('ix');
  const iy = c.num('iy');
  const layer = c.num('layer');
  const energy = c.num('energy');
  const z = c.num('z');
  const threshold = options.threshold ?? 0;
  const picked: { row: number; element: SetupElement }[] = [];
  for (let i = 0; i < c.length; i++) {
    if (!(ix[i] >= 0) || !(iy[i] >= 0) || !(energy[i] >= threshold) || energy[i] <= 0) continue;
    const element = resolveElement(setup, det[i], z[i]);
    const seg = element?.segmentation;
    if (!element || seg?.type !== 'cells') continue;
    const section = layer[i] >= 0 ? layer[i] : 0;
    if (ix[i] >= seg.nx || iy[i] >= seg.ny || section >= seg.sections.length) continue;
    picked.push({ row: i, element });
  }
  const n = picked.length;
  const energies = new Float32Array(n);
  picked.forEach((p, k) => (energies[k] = energy[p.row]));
  const range = options.range ?? autoEnergyRange(energies, options.scale ?? 'linear', threshold);
  const out: CellInstances = {
    count: n,
    rows: new Int32Array(n),
    elements: [],
    centers: new Float32Array(3 * n),
    sizes: new Float32Array(3 * n),
    energies,
    colors: new Float32Array(3 * n),
    range,
  };
  const sizeByEnergy = options.sizeByEnergy ?? true;
  picked.forEach((p, k) => {
    const i = p.row;
    const cell = { ix: ix[i], iy: iy[i], section: layer[i] >= 0 ? layer[i] : 0 };
    const center = cellCenter(p.element, cell);
    const size = cellSize(p.element, cell.section);
    const t = energyFraction(energy[i], range);
    const f = sizeByEnergy ? cellBoxFraction(t) : 1;
    const col = energyColor(energy[i], range);
    out.rows[k] = i;
    out.elements.push(p.element.name);
    out.centers.set([center.x, center.y, center.z], 3 * k);
    out.sizes.set([size.x * f, size.y * f, size.z * f], 3 * k);
    out.colors.set(col, 3 * k);
  });
  return out;
}

/** Tracker clusters as line segments across their plane: 6 floats per segment. */
export interface StripSegments {
  count: number;
  rows: Int32Array;
  positions: Float32Array;
}

export function describeStrips(setup: Setup, hits: Table): StripSegments {
  const c = new Columns(hits);
  const det = c.str('detector');
  const plane = c.num('plane');
  const strip = c.num('strip');
  const x = c.num('x');
  const y = c.num('y');
  const z = c.num('z');
  const rows: number[] = [];
  const pos: number[] = [];
  for (let i = 0; i < c.length; i++) {
    if (!(plane[i] >= 0)) continue;
    const element = resolveElement(setup, det[i], z[i]);
    const seg = element?.segmentation;
    if (!element || !seg || seg.type === 'cells' || plane[i] >= seg.planes.length) continue;
    const p = getPlane(element, plane[i]);
    const a = planeAngle(p);
    let s = strip[i];
    let shift = 0;
    if (!Number.isFinite(s)) {
      // No strip number: place the segment at the measured coordinate from x/y.
      const u = (Number.isFinite(x[i]) ? x[i] : 0) * Math.cos(a) + (Number.isFinite(y[i]) ? y[i] : 0) * Math.sin(a);
      const mid = stripSegment(element, plane[i], Math.floor(p.count / 2));
      const u0 = mid.center.x * Math.cos(a) + mid.center.y * Math.sin(a);
      s = Math.floor(p.count / 2);
      shift = u - u0;
    } else {
      const r = Math.min(p.count - 1, Math.max(0, Math.round(s)));
      shift = (s - r) * planePitch(p);
      s = r;
    }
    const g = stripSegment(element, plane[i], s);
    const cx = g.center.x + shift * Math.cos(a);
    const cy = g.center.y + shift * Math.sin(a);
    const h = g.length / 2;
    rows.push(i);
    pos.push(cx - g.direction.x * h, cy - g.direction.y * h, g.center.z, cx + g.direction.x * h, cy + g.direction.y * h, g.center.z);
  }
  return { count: rows.length, rows: Int32Array.from(rows), positions: Float32Array.from(pos) };
}

/** Inserts cubic Hermite points between trace points whose slopes differ (inside field regions). */
export function smoothTrack(points: TrackPoint[], steps = 12): Vec3[] {
  const out: Vec3[] = [];
  for (let k = 0; k < points.length; k++) {
    const q = points[k];
    const p = points[k - 1];
    if (p && (Math.abs(q.tx - p.tx) > 1e-9 || Math.abs(q.ty - p.ty) > 1e-9)) {
      const dz = q.z - p.z;
      for (let s = 1; s < steps; s++) {
        const u = s / steps;
        const h00 = 2 * u ** 3 - 3 * u ** 2 + 1;
        const h10 = u ** 3 - 2 * u ** 2 + u;
        const h01 = -2 * u ** 3 + 3 * u ** 2;
        const h11 = u ** 3 - u ** 2;
        out.push({
          x: h00 * p.x + h10 * dz * p.tx + h01 * q.x + h11 * dz * q.tx,
          y: h00 * p.y + h10 * dz * p.ty + h01 * q.y + h11 * dz * q.ty,
          z: p.z + u * dz,
        });
      }
    }
    out.push({ x: q.x, y: q.y, z: q.z });
  }
  return out;
}

export interface Polyline {
  row: number;
  points: Vec3[];
  color: Rgb;
  dashed: boolean;
  label: string;
}

/** z of the front face of the first calorimeter downstream of z (where a track ends), or the setup end. */
export function trackEndZ(setup: Setup, z: number): number {
  let end = Math.max(...setup.elements.map((e) => elementZRange(e)[1]));
  for (const e of setup.elements) {
    const front = elementZRange(e)[0];
    if (e.kind === 'calorimeter' && front > z && front < end) end = front;
  }
  return end;
}

/** Reconstructed tracks, traced from their reference point through the field regions. */
export function describeTracks(setup: Setup, tracks: Table, beamEnergy = setup.beam.energy): Polyline[] {
  const c = new Columns(tracks);
  const x = c.num('x');
  const y = c.num('y');
  const z = c.num('z');
  const tx = c.num('tx');
  const ty = c.num('ty');
  const p = c.num('momentum');
  const q = c.num('charge');
  const out: Polyline[] = [];
  for (let i = 0; i < c.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i]) || !Number.isFinite(z[i])) continue;
    const momentum = p[i] > 0 ? p[i] : Infinity;
    const trace = traceTrack(setup, {
      momentum,
      charge: q[i] === 1 || q[i] === -1 ? q[i] : -1,
      start: { x: x[i], y: y[i], z: z[i] },
      tx: Number.isFinite(tx[i]) ? tx[i] : 0,
      ty: Number.isFinite(ty[i]) ? ty[i] : 0,
      zEnd: trackEndZ(setup, z[i]),
    });
    out.push({ row: i, points: smoothTrack(trace.points), color: momentumColor(p[i], beamEnergy), dashed: false, label: `track ${i}: ${Number.isFinite(p[i]) ? `${p[i].toFixed(1)} GeV` : 'p unknown'}` });
  }
  return out;
}

export interface TruthDescription {
  lines: Polyline[];
  /** Decay vertices of A'/X17 (start points of their daughters), with the A' row. */
  decayVertices: { row: number; position: Vec3 }[];
}

/** Truth particles: charged ones bend in the magnets, the A'/X17 and neutrinos are dashed. */
export function describeTruth(setup: Setup, truth: Table, options: { minEnergy?: number } = {}): TruthDescription {
  const c = new Columns(truth);
  const pdg = c.num('pdg');
  const parent = c.num('parent');
  const vx = c.num('vx');
  const vy = c.num('vy');
  const vz = c.num('vz');
  const px = c.num('px');
  const py = c.num('py');
  const pz = c.num('pz');
  const e = c.num('e');
  const ex = c.num('end_x');
  const ey = c.num('end_y');
  const ez = c.num('end_z');
  const zMax = Math.max(...setup.elements.map((el) => elementZRange(el)[1]));
  const minEnergy = options.minEnergy ?? 0;
  const lines: Polyline[] = [];
  const decayVertices: TruthDescription['decayVertices'] = [];
  for (let i = 0; i < c.length; i++) {
    if (INVISIBLE_PDG.has(pdg[i]) && pdg[i] === APRIME_PDG) {
      const hasDaughters = Array.from(parent).some((p, j) => p === i && j !== i);
      if (hasDaughters && Number.isFinite(ez[i])) decayVertices.push({ row: i, position: { x: ex[i], y: ey[i], z: ez[i] } });
    }
    if (!(e[i] >= minEnergy)) continue;
    const start = { x: vx[i], y: vy[i], z: vz[i] };
    const pTot = Math.hypot(px[i], py[i], pz[i]);
    const endZ = Number.isFinite(ez[i]) ? ez[i] : zMax;
    let points: Vec3[];
    const charge = pdgCharge(pdg[i]);
    if (pz[i] > 0 && endZ > start.z && charge !== 0 && pTot > 0) {
      const trace = traceTrack(setup, { momentum: pTot, charge, start, tx: px[i] / pz[i], ty: py[i] / pz[i], zEnd: endZ });
      points = smoothTrack(trace.points);
    } else if (Number.isFinite(ez[i])) {
      points = [start, { x: ex[i], y: ey[i], z: ez[i] }];
    } else if (pz[i] > 0) {
      points = [start, { x: start.x + (px[i] / pz[i]) * (zMax - start.z), y: start.y + (py[i] / pz[i]) * (zMax - start.z), z: zMax }];
    } else continue;
    const invisible = INVISIBLE_PDG.has(pdg[i]);
    const color: Rgb = invisible ? [1, 0.85, 0.2] : charge > 0 ? [1, 0.45, 0.45] : charge < 0 ? [0.45, 0.7, 1] : [0.6, 1, 0.6];
    lines.push({ row: i, points, color, dashed: invisible, label: `${pdgName(pdg[i])} ${e[i].toFixed(2)} GeV` });
  }
  return { lines, decayVertices };
}
