/**
 * Straight lines and charged tracks through a setup, bent by the dipoles.
 *
 * Field model: each element with a `field` has a uniform vertical field By over `field.length`
 * along z, centred on the element, applied while the track is inside the element's x/y box at
 * the region's entry (hard edges, no fringe field).
 *
 * Bending convention (Lorentz force F = q v x B, z along the beam, y up, right-handed): a
 * positive particle moving downstream in By > 0 is pushed towards -x; a negative one (the e-
 * and mu- beams) towards +x. The bend angle in the x-z plane is
 *   dtheta = -0.3 * q * By[T] * L[m] / p[GeV]   (rad; theta = atan(dx/dz)),
 * so 7 T m at 100 GeV bends an electron by +21 mrad. The exact mode follows the circular arc;
 * the thin-lens mode applies dtheta at the field centre.
 */
import { elementContains, elementZRange, materialTotals } from './geometry.ts';
import type { Vec3 } from './geometry.ts';
import type { Setup, SetupElement } from './schema.ts';

/** Momentum-to-curvature constant: 1/R[m] = 0.299792458 * B[T] / p[GeV] (c in units of 1e9 m/s). */
export const GEV_PER_TESLA_METRE = 0.299792458;

/** A point on a track: position (mm) and slopes tx = dx/dz, ty = dy/dz. */
export interface TrackPoint {
  x: number;
  y: number;
  z: number;
  tx: number;
  ty: number;
}

export interface TraceOptions {
  /** Momentum, GeV (> 0). Infinity (default) gives a straight line. */
  momentum?: number;
  /** Charge in units of e; default -1 (electron / mu- beam). */
  charge?: number;
  /** Start point; default (0, 0, front of the first element). */
  start?: Partial<Vec3>;
  /** Start slopes; default 0 (along the beam). */
  tx?: number;
  ty?: number;
  /** Stop at this z; default the back of the last element. */
  zEnd?: number;
  /** Thin-lens kicks instead of exact arcs. */
  thinLens?: boolean;
}

/** An element crossed by the track. */
export interface TrackCrossing {
  element: string;
  zIn: number;
  zOut: number;
  /** Entry point. */
  entry: TrackPoint;
  /** Radiation and interaction lengths traversed (element totals scaled by the path length). */
  X0: number;
  lambdaI: number;
}

export interface TraceResult {
  /** Start, every element boundary reached, and end, in increasing z. */
  points: TrackPoint[];
  crossings: TrackCrossing[];
  /** Change of theta = atan(tx) from start to end, rad. */
  deflection: number;
  /** Set when the track curls up inside a field region (transverse momentum too low). */
  stoppedAt?: { element: string; z: number };
}

/** Field integral By * L of an element, T m (0 without field). */
export function fieldIntegral(element: SetupElement): number {
  return element.field ? (element.field.By * element.field.length) / 1000 : 0;
}

/** Sum of the field integrals of all elements of the setup, T m. */
export function totalFieldIntegral(setup: Setup): number {
  return setup.elements.reduce((s, e) => s + fieldIntegral(e), 0);
}

/** Thin-lens bend angle in the x-z plane, rad: -0.3 q B L / p (see the module comment for the sign). */
export function bendAngle(fieldIntegralTm: number, momentum: number, charge = -1): number {
  return (-GEV_PER_TESLA_METRE * charge * fieldIntegralTm) / momentum;
}

function straight(p: TrackPoint, z: number): TrackPoint {
  const dz = z - p.z;
  return { x: p.x + p.tx * dz, y: p.y + p.ty * dz, z, tx: p.tx, ty: p.ty };
}

/** Exact helix step through a uniform By from p.z to z; undefined when the track curls. */
function arc(p: TrackPoint, z: number, By: number, momentum: number, charge: number): TrackPoint | undefined {
  const theta0 = Math.atan(p.tx);
  const norm = Math.sqrt(1 + p.tx * p.tx + p.ty * p.ty);
  const pxz = (momentum * Math.sqrt(1 + p.tx * p.tx)) / norm;
  // Curvature in the x-z plane, rad per mm (dtheta/ds).
  const c = (-GEV_PER_TESLA_METRE * charge * By) / pxz / 1000;
  if (c === 0 || !Number.isFinite(c)) return straight(p, z);
  const dz = z - p.z;
  const s1 = Math.sin(theta0) + c * dz;
  if (Math.abs(s1) >= 1) return undefined;
  const theta1 = Math.asin(s1);
  const x = p.x + (Math.cos(theta0) - Math.cos(theta1)) / c;
  const sxz = (theta1 - theta0) / c;
  const dyds = p.ty * Math.cos(theta0);
  return { x, y: p.y + dyds * sxz, z, tx: Math.tan(theta1), ty: dyds / Math.cos(theta1) };
}

/**
 * Follows a track from `start` downstream through the setup, bending in every field region,
 * and lists the elements it crosses.
 */
export function traceTrack(setup: Setup, options: TraceOptions = {}): TraceResult {
  const momentum = options.momentum ?? Infinity;
  const charge = options.charge ?? -1;
  if (!(momentum > 0)) throw new RangeError(`traceTrack: momentum must be > 0 GeV, got ${momentum}`);
  const zFirst = Math.min(...setup.elements.map((e) => elementZRange(e)[0]));
  const zLast = Math.max(...setup.elements.map((e) => elementZRange(e)[1]));
  const zEnd = options.zEnd ?? zLast;
  let p: TrackPoint = {
    x: options.start?.x ?? 0,
    y: options.start?.y ?? 0,
    z: options.start?.z ?? zFirst,
    tx: options.tx ?? 0,
    ty: options.ty ?? 0,
  };
  const theta0 = Math.atan(p.tx);
  const points: TrackPoint[] = [p];
  // Field regions and element boundaries as z breakpoints.
  const fields = setup.elements
    .filter((e) => e.field && e.field.By !== 0)
    .map((e) => ({ element: e, z0: e.position.z - e.field!.length / 2, z1: e.position.z + e.field!.length / 2 }));
  const cuts = new Set<number>([zEnd]);
  for (const e of setup.elements) for (const z of elementZRange(e)) cuts.add(z);
  for (const f of fields) {
    cuts.add(f.z0);
    cuts.add(f.z1);
    cuts.add(f.element.position.z);
  }
  const zs = [...cuts].filter((z) => z > p.z && z <= zEnd).sort((a, b) => a - b);
  let stoppedAt: TraceResult['stoppedAt'];
  // Which field regions are active is decided at entry (aperture check).
  const active = new Set<(typeof fields)[number]>();
  for (const f of fields) if (p.z >= f.z0 && p.z < f.z1 && elementContains(f.element, p)) active.add(f);
  for (const z of zs) {
    const inField = [...active].find((f) => p.z >= f.z0 && p.z < f.z1);
    let next: TrackPoint | undefined;
    if (!inField || momentum === Infinity) next = straight(p, z);
    else if (options.thinLens) {
      next = straight(p, z);
      if (z === inField.element.position.z) {
        const kick = bendAngle(fieldIntegral(inField.element), momentum, charge);
        next = { ...next, tx: Math.tan(Math.atan(next.tx) + kick) };
      }
    } else next = arc(p, z, inField.element.field!.By, momentum, charge);
    if (!next) {
      stoppedAt = { element: inField!.element.name, z: p.z };
      break;
    }
    p = next;
    points.push(p);
    for (const f of fields) {
      if (p.z === f.z0 && elementContains(f.element, p)) active.add(f);
      if (p.z >= f.z1) active.delete(f);
    }
  }
  // Crossings: elements whose z range the path covers with the mid point inside the box.
  const crossings: TrackCrossing[] = [];
  const zReached = points[points.length - 1]!.z;
  for (const e of setup.elements) {
    const [z0, z1] = elementZRange(e);
    if (z1 <= points[0]!.z || z0 >= zReached) continue;
    const entry = interpolate(points, Math.max(z0, points[0]!.z));
    const mid = interpolate(points, (Math.max(z0, points[0]!.z) + Math.min(z1, zReached)) / 2);
    if (!elementContains(e, mid)) continue;
    const totals = materialTotals(e);
    const frac = (Math.min(z1, zReached) - Math.max(z0, points[0]!.z)) / (z1 - z0);
    const path = Math.sqrt(1 + mid.tx * mid.tx + mid.ty * mid.ty);
    crossings.push({
      element: e.name,
      zIn: Math.max(z0, points[0]!.z),
      zOut: Math.min(z1, zReached),
      entry,
      X0: totals.X0 * frac * path,
      lambdaI: totals.lambdaI * frac * path,
    });
  }
  const deflection = Math.atan(points[points.length - 1]!.tx) - theta0;
  return stoppedAt ? { points, crossings, deflection, stoppedAt } : { points, crossings, deflection };
}

/** Position on a traced track at z (linear between the stored points; exact outside fields). */
export function interpolate(points: TrackPoint[], z: number): TrackPoint {
  let prev = points[0]!;
  for (const q of points) {
    if (q.z >= z) {
      if (q.z === prev.z) return q;
      const f = (z - prev.z) / (q.z - prev.z);
      return {
        x: prev.x + f * (q.x - prev.x),
        y: prev.y + f * (q.y - prev.y),
        z,
        tx: prev.tx + f * (q.tx - prev.tx),
        ty: prev.ty + f * (q.ty - prev.ty),
      };
    }
    prev = q;
  }
  return straight(prev, z);
}
