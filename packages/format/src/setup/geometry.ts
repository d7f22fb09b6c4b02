/**
 * Geometry helpers on a validated setup: element boxes, material totals, calorimeter cells,
 * strip and tube planes. Units mm; z along the beam, y up, right-handed (DESIGN 4).
 */
import { material } from './materials.ts';
import type {
  CellSegmentation,
  Setup,
  SetupElement,
  StripPlane,
  TubePlane,
} from './schema.ts';

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** A calorimeter (or counter) cell; `pmt` defaults to 0. */
export interface CellIndex {
  ix: number;
  iy: number;
  section: number;
  pmt?: number;
}

/** Axis-aligned box of an element. */
export interface Box {
  min: Vec3;
  max: Vec3;
}

export function elementBox(element: SetupElement): Box {
  const { position: p, size: s } = element;
  return {
    min: { x: p.x - s.x / 2, y: p.y - s.y / 2, z: p.z - s.z / 2 },
    max: { x: p.x + s.x / 2, y: p.y + s.y / 2, z: p.z + s.z / 2 },
  };
}

/** [zFront, zBack] of an element, mm. */
export function elementZRange(element: SetupElement): [number, number] {
  return [element.position.z - element.size.z / 2, element.position.z + element.size.z / 2];
}

/** True when the point lies inside the element's box (faces included). */
export function elementContains(element: SetupElement, point: Vec3): boolean {
  const b = elementBox(element);
  return (
    point.x >= b.min.x && point.x <= b.max.x &&
    point.y >= b.min.y && point.y <= b.max.y &&
    point.z >= b.min.z && point.z <= b.max.z
  );
}

/** How deep an element is nested through `inside` declarations (0 = top level). */
function nestingDepth(setup: Setup, element: SetupElement): number {
  let depth = 0;
  let current: SetupElement | undefined = element;
  while (current?.inside && depth < setup.elements.length) {
    const parent: string = current.inside;
    current = setup.elements.find((e) => e.name === parent);
    depth++;
  }
  return depth;
}

/** The element containing a point (the innermost one when elements are nested), or undefined. */
export function elementAt(setup: Setup, point: Vec3): SetupElement | undefined {
  let best: SetupElement | undefined;
  let bestDepth = -1;
  for (const element of setup.elements) {
    if (!elementContains(element, point)) continue;
    const depth = nestingDepth(setup, element);
    if (depth > bestDepth) {
      best = element;
      bestDepth = depth;
    }
  }
  return best;
}

/** Finds an element by name; throws when the setup has none of that name. */
export function getElement(setup: Setup, name: string): SetupElement {
  const element = setup.elements.find((e) => e.name === name);
  if (!element) {
    throw new Error(
      `setup "${setup.id}" has no element "${name}"; it has ${setup.elements.map((e) => e.name).join(', ')}`,
    );
  }
  return element;
}

/** Detector family used in the hits table: `detector`, or the name without trailing digits. */
export function detectorName(element: SetupElement): string {
  return element.detector ?? (element.name.replace(/\d+$/, '') || element.name);
}

// ---- material stacks

/** One repetition of a stack block: the unit a section's layer range counts. */
export interface SamplingLayer {
  index: number;
  /** Front of the layer relative to the element's front face, mm. */
  zFront: number;
  thickness: number;
  /** Thickness in radiation lengths. */
  x0: number;
  /** Thickness in nuclear interaction lengths. */
  lambda: number;
  /** Thickness of active (scintillator, gas, BGO) material, mm. */
  active: number;
}

const ACTIVE = new Set(['scintillator', 'gas', 'BGO']);

// Frozen elements (from getSetup) cannot change, so their unrolled stacks are cached.
const layerCache = new WeakMap<SetupElement, SamplingLayer[]>();

/** The stack unrolled into sampling layers (one per block repetition), front to back. */
export function samplingLayers(element: SetupElement): SamplingLayer[] {
  const cached = layerCache.get(element);
  if (cached) return cached;
  const out = unrollStack(element);
  if (Object.isFrozen(element) && Object.isFrozen(element.material)) layerCache.set(element, Object.freeze(out) as SamplingLayer[]);
  return out;
}

function unrollStack(element: SetupElement): SamplingLayer[] {
  const out: SamplingLayer[] = [];
  let z = 0;
  for (const block of element.material) {
    let thickness = 0;
    let x0 = 0;
    let lambda = 0;
    let active = 0;
    for (const layer of block.layers) {
      const m = material(layer.material);
      thickness += layer.thickness;
      x0 += layer.thickness / m.X0;
      lambda += layer.thickness / m.lambdaI;
      if (ACTIVE.has(layer.material)) active += layer.thickness;
    }
    for (let r = 0; r < block.repeat; r++) {
      out.push({ index: out.length, zFront: z, thickness, x0, lambda, active });
      z += thickness;
    }
  }
  return out;
}

/** Totals along z of a material stack. */
export interface MaterialTotals {
  /** Stack thickness, mm. */
  thickness: number;
  /** Radiation lengths. */
  X0: number;
  /** Nuclear interaction lengths. */
  lambdaI: number;
  /** Number of sampling layers. */
  layers: number;
}

function sumLayers(layers: SamplingLayer[]): MaterialTotals {
  let thickness = 0;
  let X0 = 0;
  let lambdaI = 0;
  for (const l of layers) {
    thickness += l.thickness;
    X0 += l.x0;
    lambdaI += l.lambda;
  }
  return { thickness, X0, lambdaI, layers: layers.length };
}

/** Thickness, X0 and lambda_I of an element's whole stack (zero for no material). */
export function materialTotals(element: SetupElement): MaterialTotals {
  return sumLayers(samplingLayers(element));
}

/** Totals of one depth section of a cell-segmented element. */
export function sectionMaterialTotals(element: SetupElement, section: number): MaterialTotals {
  const seg = cellSegmentation(element);
  const s = seg.sections[section];
  if (!s) throw new RangeError(`element "${element.name}": no section ${section}`);
  return sumLayers(samplingLayers(element).slice(s.layers[0], s.layers[1] + 1));
}

// ---- cells

/** The cell segmentation of an element; throws if it has none. */
export function cellSegmentation(element: SetupElement): CellSegmentation {
  const seg = element.segmentation;
  if (!seg || seg.type !== 'cells') {
    throw new Error(`element "${element.name}" is not segmented into cells`);
  }
  return seg;
}

/** Number of cells (nx * ny * sections), not counting PMTs. */
export function cellCount(element: SetupElement): number {
  const seg = cellSegmentation(element);
  return seg.nx * seg.ny * seg.sections.length;
}

/** Number of read-out channels of an element (cells x PMTs, or strips/tubes); 0 if not segmented. */
export function channelCount(element: SetupElement): number {
  const seg = element.segmentation;
  if (!seg) return 0;
  if (seg.type === 'cells') return seg.nx * seg.ny * seg.sections.length * seg.pmtsPerCell;
  return seg.planes.reduce((n, p) => n + p.count, 0);
}

function checkCell(element: SetupElement, seg: CellSegmentation, cell: CellIndex): void {
  const pmt = cell.pmt ?? 0;
  if (
    !Number.isInteger(cell.ix) || cell.ix < 0 || cell.ix >= seg.nx ||
    !Number.isInteger(cell.iy) || cell.iy < 0 || cell.iy >= seg.ny ||
    !Number.isInteger(cell.section) || cell.section < 0 || cell.section >= seg.sections.length ||
    !Number.isInteger(pmt) || pmt < 0 || pmt >= seg.pmtsPerCell
  ) {
    throw new RangeError(
      `element "${element.name}": cell (${cell.ix}, ${cell.iy}, ${cell.section}, pmt ${pmt}) outside ` +
        `${seg.nx} x ${seg.ny} x ${seg.sections.length} x ${seg.pmtsPerCell}`,
    );
  }
}

/** Dense cell id: ix + nx * (iy + ny * section). */
export function cellId(element: SetupElement, cell: CellIndex): number {
  const seg = cellSegmentation(element);
  checkCell(element, seg, cell);
  return cell.ix + seg.nx * (cell.iy + seg.ny * cell.section);
}

/** Inverse of cellId. */
export function cellFromId(element: SetupElement, id: number): CellIndex {
  const seg = cellSegmentation(element);
  const n = seg.nx * seg.ny * seg.sections.length;
  if (!Number.isInteger(id) || id < 0 || id >= n) {
    throw new RangeError(`element "${element.name}": cell id ${id} outside 0..${n - 1}`);
  }
  const ix = id % seg.nx;
  const rest = (id - ix) / seg.nx;
  const iy = rest % seg.ny;
  return { ix, iy, section: (rest - iy) / seg.ny };
}

/** Index of a channel in calibration lists: cellId * pmtsPerCell + pmt. */
export function readoutIndex(element: SetupElement, cell: CellIndex): number {
  const seg = cellSegmentation(element);
  return cellId(element, cell) * seg.pmtsPerCell + (cell.pmt ?? 0);
}

/** [zFront, zBack] (global, mm) of a depth section. */
export function sectionZRange(element: SetupElement, section: number): [number, number] {
  const seg = cellSegmentation(element);
  const s = seg.sections[section];
  if (!s) throw new RangeError(`element "${element.name}": no section ${section}`);
  const layers = samplingLayers(element);
  const front = elementZRange(element)[0];
  const first = layers[s.layers[0]];
  const last = layers[s.layers[1]];
  if (!first || !last) {
    // No stack given: split the box evenly between the sections.
    const depth = element.size.z / seg.sections.length;
    return [front + section * depth, front + (section + 1) * depth];
  }
  return [front + first.zFront, front + last.zFront + last.thickness];
}

/** Centre of a cell in the global frame, mm. */
export function cellCenter(element: SetupElement, cell: CellIndex): Vec3 {
  const seg = cellSegmentation(element);
  checkCell(element, seg, cell);
  const [z0, z1] = sectionZRange(element, cell.section);
  return {
    x: element.position.x + (cell.ix + 0.5 - seg.nx / 2) * seg.pitchX,
    y: element.position.y + (cell.iy + 0.5 - seg.ny / 2) * seg.pitchY,
    z: (z0 + z1) / 2,
  };
}

/** Full size of a cell of a section, mm. */
export function cellSize(element: SetupElement, section: number): Vec3 {
  const seg = cellSegmentation(element);
  const [z0, z1] = sectionZRange(element, section);
  return { x: seg.pitchX, y: seg.pitchY, z: z1 - z0 };
}

/** The cell containing a global point, or undefined when outside every cell. */
export function cellAt(element: SetupElement, point: Vec3): CellIndex | undefined {
  const seg = cellSegmentation(element);
  const fx = (point.x - element.position.x) / seg.pitchX + seg.nx / 2;
  const fy = (point.y - element.position.y) / seg.pitchY + seg.ny / 2;
  if (fx < 0 || fy < 0 || fx > seg.nx || fy > seg.ny) return undefined;
  const ix = Math.min(Math.floor(fx), seg.nx - 1);
  const iy = Math.min(Math.floor(fy), seg.ny - 1);
  for (let section = 0; section < seg.sections.length; section++) {
    const [z0, z1] = sectionZRange(element, section);
    const last = section === seg.sections.length - 1;
    if (point.z >= z0 && (point.z < z1 || (last && point.z === z1))) return { ix, iy, section };
  }
  return undefined;
}

// ---- strip and tube planes

type AnyPlane = StripPlane | TubePlane;

/** The plane of a strip- or tube-segmented element, by name or index. */
export function getPlane(element: SetupElement, plane: string | number): AnyPlane {
  const seg = element.segmentation;
  if (!seg || seg.type === 'cells') {
    throw new Error(`element "${element.name}" has no strip or tube planes`);
  }
  const planes: AnyPlane[] = seg.planes;
  const found = typeof plane === 'number' ? planes[plane] : planes.find((p) => p.name === plane);
  if (!found) {
    throw new RangeError(
      `element "${element.name}": no plane ${JSON.stringify(plane)}; planes ${planes.map((p) => p.name).join(', ')}`,
    );
  }
  return found;
}

/** Strip pitch or tube diameter, mm. */
export function planePitch(plane: AnyPlane): number {
  return 'pitch' in plane ? plane.pitch : plane.tubeDiameter;
}

/**
 * Angle of a plane's measured direction from +x towards +y, rad: x 0, y pi/2,
 * u `angle` (default +45 deg), v `angle` (default -45 deg).
 */
export function planeAngle(plane: AnyPlane): number {
  const deg =
    plane.angle ?? (plane.orientation === 'x' ? 0 : plane.orientation === 'y' ? 90 : plane.orientation === 'u' ? 45 : -45);
  return (deg * Math.PI) / 180;
}

/** Global z of a plane, mm. */
export function planeZ(element: SetupElement, plane: string | number): number {
  return element.position.z + getPlane(element, plane).dz;
}

/** Measured coordinate of the element centre on a plane, mm. */
function planeOrigin(element: SetupElement, plane: AnyPlane): number {
  const a = planeAngle(plane);
  return element.position.x * Math.cos(a) + element.position.y * Math.sin(a) + plane.offset;
}

/**
 * Global measured coordinate u = x cos(a) + y sin(a) of the centre of a strip (or tube), mm.
 * Strip 0 is at the lowest u.
 */
export function stripCoordinate(element: SetupElement, plane: string | number, strip: number): number {
  const p = getPlane(element, plane);
  if (!Number.isInteger(strip) || strip < 0 || strip >= p.count) {
    throw new RangeError(`element "${element.name}" plane "${p.name}": strip ${strip} outside 0..${p.count - 1}`);
  }
  return planeOrigin(element, p) + (strip + 0.5 - p.count / 2) * planePitch(p);
}

/** The strip whose pitch cell contains measured coordinate u, or undefined when outside. */
export function stripAt(element: SetupElement, plane: string | number, u: number): number | undefined {
  const p = getPlane(element, plane);
  const f = (u - planeOrigin(element, p)) / planePitch(p) + p.count / 2;
  if (f < 0 || f > p.count) return undefined;
  return Math.min(Math.floor(f), p.count - 1);
}

/** Measured coordinate of a global point on a plane, mm. */
export function measuredCoordinate(element: SetupElement, plane: string | number, point: Vec3): number {
  const a = planeAngle(getPlane(element, plane));
  return point.x * Math.cos(a) + point.y * Math.sin(a);
}

/** A strip as a segment for drawing: centre, unit direction along the strip, length (mm). */
export function stripSegment(
  element: SetupElement,
  plane: string | number,
  strip: number,
): { center: Vec3; direction: Vec3; length: number } {
  const p = getPlane(element, plane);
  const a = planeAngle(p);
  const u = stripCoordinate(element, plane, strip);
  // Foot point on the measured axis through the element centre, then along the strip direction.
  const cx = element.position.x;
  const cy = element.position.y;
  const along = -cx * Math.sin(a) + cy * Math.cos(a);
  const center = {
    x: u * Math.cos(a) - along * Math.sin(a),
    y: u * Math.sin(a) + along * Math.cos(a),
    z: element.position.z + p.dz,
  };
  const direction = { x: -Math.sin(a), y: Math.cos(a), z: 0 };
  // Length of the strip across the element's box (approx. for u/v: the box diagonal span).
  const length =
    Math.abs(direction.x) < 1e-12 ? element.size.y
      : Math.abs(direction.y) < 1e-12 ? element.size.x
        : Math.min(element.size.x / Math.abs(direction.x), element.size.y / Math.abs(direction.y));
  return { center, direction, length };
}
