/**
 * The setup as plain drawable descriptions (no three.js, no DOM): boxes, cell grids, tracker
 * planes, field regions and labels, in setup coordinates (mm). Transverse exaggeration is applied
 * later, by the scene's world transform (see `transverseScale`).
 */
import {
  cellSegmentation,
  detectorName,
  elementZRange,
  materialTotals,
  planeAngle,
  sectionZRange,
  type Setup,
  type SetupElement,
  type Vec3,
} from '@na64/format';
import { KIND_COLORS } from './colors.ts';

export interface PlaneDescription {
  name: string;
  orientation: string;
  /** Global z of the plane, mm. */
  z: number;
  /** Angle of the measured direction from +x, rad. */
  angle: number;
  count: number;
}

export interface ElementDescription {
  name: string;
  kind: SetupElement['kind'];
  /** Detector family as it appears in the hits table. */
  detector: string;
  description: string;
  center: Vec3;
  size: Vec3;
  color: string;
  opacity: number;
  /** Material stack in words, e.g. "150 x (Pb 1.5 mm + scintillator 1.5 mm)". */
  material: string;
  thickness: number;
  X0: number;
  lambdaI: number;
  /** Cell grid lines on every section face: pairs of points, flattened [x0,y0,z0,x1,y1,z1,...]. */
  grid?: Float32Array;
  planes?: PlaneDescription[];
  /** Field region of a magnet (uniform By over `length` along z). */
  field?: { center: Vec3; size: Vec3; By: number; integralTm: number };
}

export interface SetupDescription {
  id: string;
  description: string;
  beam: { particle: string; energy: number };
  elements: ElementDescription[];
  /** Overall z range and transverse half extent, mm. */
  zRange: [number, number];
  halfWidth: number;
}

function describeMaterial(element: SetupElement): string {
  if (element.material.length === 0) return 'none';
  return element.material
    .map((b) => {
      const layers = b.layers.map((l) => `${l.material} ${l.thickness} mm`).join(' + ');
      return b.repeat > 1 ? `${b.repeat} x (${layers})` : layers;
    })
    .join(', ');
}

/** Grid lines of a cell-segmented element: cell borders on the front face of each section. */
function cellGrid(element: SetupElement): Float32Array {
  const seg = cellSegmentation(element);
  const x0 = element.position.x - (seg.nx * seg.pitchX) / 2;
  const y0 = element.position.y - (seg.ny * seg.pitchY) / 2;
  const x1 = x0 + seg.nx * seg.pitchX;
  const y1 = y0 + seg.ny * seg.pitchY;
  const out: number[] = [];
  for (let s = 0; s < seg.sections.length; s++) {
    const z = sectionZRange(element, s)[0];
    for (let i = 0; i <= seg.nx; i++) out.push(x0 + i * seg.pitchX, y0, z, x0 + i * seg.pitchX, y1, z);
    for (let j = 0; j <= seg.ny; j++) out.push(x0, y0 + j * seg.pitchY, z, x1, y0 + j * seg.pitchY, z);
  }
  return Float32Array.from(out);
}

/** Number of grid line segments `cellGrid` draws for an element (for tests and sizing). */
export function gridSegmentCount(element: SetupElement): number {
  const seg = cellSegmentation(element);
  return seg.sections.length * (seg.nx + 1 + seg.ny + 1);
}

export function describeElement(element: SetupElement): ElementDescription {
  const totals = materialTotals(element);
  const out: ElementDescription = {
    name: element.name,
    kind: element.kind,
    detector: detectorName(element),
    description: element.description ?? '',
    center: { ...element.position },
    size: { ...element.size },
    color: KIND_COLORS[element.kind] ?? '#aaaaaa',
    opacity: element.kind === 'magnet' || element.kind === 'decay-volume' ? 0.08 : element.kind === 'calorimeter' ? 0.12 : 0.22,
    material: describeMaterial(element),
    thickness: totals.thickness,
    X0: totals.X0,
    lambdaI: totals.lambdaI,
  };
  const seg = element.segmentation;
  if (seg?.type === 'cells' && seg.nx * seg.ny > 1) out.grid = cellGrid(element);
  if (seg && seg.type !== 'cells') {
    out.planes = seg.planes.map((p) => ({ name: p.name, orientation: p.orientation, z: element.position.z + p.dz, angle: planeAngle(p), count: p.count }));
  }
  if (element.field) {
    out.field = {
      center: { ...element.position },
      size: { x: element.size.x, y: element.size.y, z: element.field.length },
      By: element.field.By,
      integralTm: (element.field.By * element.field.length) / 1000,
    };
  }
  return out;
}

export function describeSetup(setup: Setup): SetupDescription {
  const elements = setup.elements.map(describeElement);
  let z0 = Infinity;
  let z1 = -Infinity;
  let half = 0;
  for (const e of setup.elements) {
    const [a, b] = elementZRange(e);
    z0 = Math.min(z0, a);
    z1 = Math.max(z1, b);
    half = Math.max(half, Math.abs(e.position.x) + e.size.x / 2, Math.abs(e.position.y) + e.size.y / 2);
  }
  return { id: setup.id, description: setup.description, beam: { particle: setup.beam.particle, energy: setup.beam.energy }, elements, zRange: [z0, z1], halfWidth: half };
}

/** Text lines shown when an element is picked. */
export function elementInfo(e: ElementDescription): [string, string][] {
  const rows: [string, string][] = [
    ['name', e.name],
    ['kind', e.kind],
    ['detector', e.detector],
    ['position', `(${e.center.x.toFixed(1)}, ${e.center.y.toFixed(1)}, ${e.center.z.toFixed(1)}) mm`],
    ['size', `${e.size.x} x ${e.size.y} x ${e.size.z} mm`],
    ['material', e.material],
    ['X0 total', e.X0.toFixed(2)],
    ['lambda_I total', e.lambdaI.toFixed(3)],
  ];
  if (e.description) rows.splice(1, 0, ['description', e.description]);
  if (e.field) rows.push(['field', `By ${e.field.By} T over ${e.field.size.z} mm (${e.field.integralTm.toFixed(2)} T m)`]);
  if (e.planes) rows.push(['planes', e.planes.map((p) => `${p.name} (${p.count})`).join(', ')]);
  return rows;
}

/**
 * The default transverse exaggeration: the factor that makes the median element width about a
 * tenth... a fortieth of the setup length (the beam-line detectors, ~10 cm wide, then read well
 * in a side view of a ~20 m setup), rounded down to 1, 2, 5 x 10^n and clamped to 1..100.
 */
export function defaultTransverseScale(setup: SetupDescription): number {
  const length = setup.zRange[1] - setup.zRange[0];
  const widths = setup.elements.map((e) => Math.max(e.size.x, e.size.y)).sort((a, b) => a - b);
  const median = widths.length ? widths[Math.floor(widths.length / 2)] : 1;
  const raw = length / 10 / Math.max(1, median);
  const steps = [1, 2, 5, 10, 20, 50, 100];
  let best = 1;
  for (const s of steps) if (s <= raw) best = s;
  return best;
}

/** A setup point in scene coordinates under transverse exaggeration k (x, y scaled; z kept). */
export function transverseScale(p: Vec3, k: number): Vec3 {
  return { x: p.x * k, y: p.y * k, z: p.z };
}
