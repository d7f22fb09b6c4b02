/**
 * three.js objects from the setup and event descriptions. Needs no WebGL or DOM (only three's
 * core), so it is tested in Node; the renderer lives in the app.
 *
 * Everything drawn in setup coordinates (mm) sits under `world`, whose scale (k, k, 1) is the
 * transverse exaggeration; picking goes through three's raycaster and `pickTarget`.
 */
import * as THREE from 'three';
import type { Setup } from '@na64/format';
import type { CellOptions } from './event-scene.ts';
import { describeCells, describeStrips, describeTracks, describeTruth, type CellInstances, type Polyline, type StripSegments, type TruthDescription } from './event-scene.ts';
import type { LoadedEvent } from './loader.ts';
import type { SetupDescription, ElementDescription } from './setup-scene.ts';

/** What a picked object stands for: a table row, or a setup element. */
export type PickTarget = { table: 'hits' | 'tracks' | 'truth'; row: number } | { element: string };

interface PickData {
  table?: 'hits' | 'tracks' | 'truth';
  /** Row per instance (InstancedMesh) or per segment (LineSegments). */
  rows?: Int32Array;
  row?: number;
  element?: string;
}

function setPick(object: THREE.Object3D, data: PickData): void {
  object.userData.pick = data;
}

/** Maps a raycaster intersection back to the row (or element) it shows. */
export function pickTarget(hit: THREE.Intersection): PickTarget | undefined {
  let o: THREE.Object3D | null = hit.object;
  while (o && !o.userData.pick) o = o.parent;
  const data = o?.userData.pick as PickData | undefined;
  if (!data) return undefined;
  if (data.element) return { element: data.element };
  if (!data.table) return undefined;
  if (data.rows) {
    const index = hit.instanceId ?? (hit.index !== undefined ? Math.floor(hit.index / 2) : undefined);
    if (index === undefined || index >= data.rows.length) return undefined;
    return { table: data.table, row: data.rows[index] };
  }
  return data.row !== undefined ? { table: data.table, row: data.row } : undefined;
}

function boxAt(center: { x: number; y: number; z: number }, size: { x: number; y: number; z: number }, material: THREE.Material): THREE.Mesh {
  const mesh = new THREE.Mesh(new THREE.BoxGeometry(size.x, size.y, size.z), material);
  mesh.position.set(center.x, center.y, center.z);
  return mesh;
}

/**
 * A translucent, uniformly coloured box (volumes, tracker planes). From outside a box its front
 * and its back faces cover the same pixels in the same colour, so one layer of opacity
 * 1 - (1 - a)^2 gives exactly the colour of the two layers of opacity a: the box is drawn with
 * its front faces only, which halves the fill (most of the frame time when WebGL is rendered on
 * the CPU). With the camera inside a box only its back faces are seen: `faceTranslucentBoxes`
 * switches such a box to its back faces and opacity a, every frame.
 */
function translucentBox(center: { x: number; y: number; z: number }, size: { x: number; y: number; z: number }, color: THREE.Color, opacity: number): THREE.Mesh {
  const mesh = boxAt(center, size, new THREE.MeshBasicMaterial({ color, transparent: true, opacity: 1 - (1 - opacity) ** 2, depthWrite: false, side: THREE.FrontSide }));
  mesh.userData.translucent = { opacity, half: { x: size.x / 2, y: size.y / 2, z: size.z / 2 } };
  return mesh;
}

const cameraWorld = new THREE.Vector3();
const cameraLocal = new THREE.Vector3();

/** Front faces of the translucent boxes under `root`, back faces of those the camera is inside. */
export function faceTranslucentBoxes(root: THREE.Object3D, camera: THREE.Camera): void {
  const boxes = (root.userData.translucentBoxes ??= (() => {
    const list: THREE.Mesh[] = [];
    root.traverse((o) => o.userData.translucent && list.push(o as THREE.Mesh));
    return list;
  })()) as THREE.Mesh[];
  camera.getWorldPosition(cameraWorld);
  for (const mesh of boxes) {
    const { opacity, half } = mesh.userData.translucent as { opacity: number; half: { x: number; y: number; z: number } };
    const p = mesh.worldToLocal(cameraLocal.copy(cameraWorld));
    const inside = Math.abs(p.x) < half.x && Math.abs(p.y) < half.y && Math.abs(p.z) < half.z;
    const material = mesh.material as THREE.MeshBasicMaterial;
    const side = inside ? THREE.BackSide : THREE.FrontSide;
    if (material.side !== side) {
      material.side = side;
      material.opacity = inside ? opacity : 1 - (1 - opacity) ** 2;
      material.needsUpdate = true;
    }
  }
}

/** One setup element: translucent volume + edges, cell grid, tracker planes, field region. */
export function buildElement(e: ElementDescription): THREE.Group {
  const group = new THREE.Group();
  group.name = e.name;
  const color = new THREE.Color(e.color);
  const volume = translucentBox(e.center, e.size, color, e.opacity);
  volume.name = `${e.name}:volume`;
  setPick(volume, { element: e.name });
  group.add(volume);
  const edges = new THREE.LineSegments(new THREE.EdgesGeometry(volume.geometry), new THREE.LineBasicMaterial({ color, transparent: true, opacity: 0.6 }));
  edges.position.copy(volume.position);
  edges.name = `${e.name}:edges`;
  group.add(edges);
  if (e.grid) {
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(e.grid, 3));
    const grid = new THREE.LineSegments(geometry, new THREE.LineBasicMaterial({ color, transparent: true, opacity: 0.35 }));
    grid.name = `${e.name}:grid`;
    group.add(grid);
  }
  for (const p of e.planes ?? []) {
    const plane = translucentBox({ x: e.center.x, y: e.center.y, z: p.z }, { x: e.size.x, y: e.size.y, z: 0.5 }, color, 0.25);
    plane.name = `${e.name}:plane:${p.name}`;
    setPick(plane, { element: e.name });
    group.add(plane);
  }
  if (e.field) {
    const region = new THREE.LineSegments(
      new THREE.EdgesGeometry(new THREE.BoxGeometry(e.field.size.x * 0.98, e.field.size.y * 0.98, e.field.size.z)),
      new THREE.LineDashedMaterial({ color: 0xb7a8ff, dashSize: 60, gapSize: 40 }),
    );
    region.position.set(e.field.center.x, e.field.center.y, e.field.center.z);
    region.computeLineDistances();
    region.name = `${e.name}:field`;
    group.add(region);
  }
  return group;
}

export function buildSetupGroup(setup: SetupDescription): THREE.Group {
  const group = new THREE.Group();
  group.name = 'setup';
  for (const e of setup.elements) group.add(buildElement(e));
  // Beam axis.
  const axis = new THREE.BufferGeometry().setFromPoints([new THREE.Vector3(0, 0, setup.zRange[0] - 500), new THREE.Vector3(0, 0, setup.zRange[1] + 500)]);
  const line = new THREE.Line(axis, new THREE.LineDashedMaterial({ color: 0x666666, dashSize: 100, gapSize: 100 }));
  line.computeLineDistances();
  line.name = 'beam-axis';
  group.add(line);
  return group;
}

const unitBox = new THREE.BoxGeometry(1, 1, 1);
const vertexMarker = new THREE.OctahedronGeometry(6);
const SHARED_GEOMETRIES = new Set<THREE.BufferGeometry>([unitBox, vertexMarker]);

/**
 * Materials of event objects, shared by every event and never disposed: disposing a material
 * with its event releases its shader program when no other material uses it, and the next event
 * then compiles the same program again (hundreds of ms when WebGL runs on the CPU). Line colours
 * come from a vertex colour attribute, so one material serves every track.
 */
const EVENT_MATERIALS = {
  cells: new THREE.MeshLambertMaterial({ color: 0xffffff, transparent: true, opacity: 0.92 }),
  strips: new THREE.LineBasicMaterial({ color: 0x7fffd4 }),
  line: new THREE.LineBasicMaterial({ vertexColors: true }),
  dashed: new THREE.LineDashedMaterial({ vertexColors: true, dashSize: 80, gapSize: 60 }),
  vertex: new THREE.MeshBasicMaterial({ color: 0xffd400 }),
};

/** Calorimeter cells as one InstancedMesh (one draw call for any number of cells). */
export function buildCellMesh(cells: CellInstances): THREE.InstancedMesh {
  const mesh = new THREE.InstancedMesh(unitBox, EVENT_MATERIALS.cells, Math.max(1, cells.count));
  mesh.count = cells.count;
  mesh.name = 'cells';
  const m = new THREE.Matrix4();
  const q = new THREE.Quaternion();
  const p = new THREE.Vector3();
  const s = new THREE.Vector3();
  const c = new THREE.Color();
  for (let i = 0; i < cells.count; i++) {
    p.fromArray(cells.centers, 3 * i);
    s.fromArray(cells.sizes, 3 * i);
    m.compose(p, q, s);
    mesh.setMatrixAt(i, m);
    c.setRGB(cells.colors[3 * i], cells.colors[3 * i + 1], cells.colors[3 * i + 2]);
    mesh.setColorAt(i, c);
  }
  mesh.instanceMatrix.needsUpdate = true;
  if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  mesh.computeBoundingSphere();
  mesh.computeBoundingBox();
  setPick(mesh, { table: 'hits', rows: cells.rows });
  return mesh;
}

export function buildStrips(strips: StripSegments): THREE.LineSegments {
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(strips.positions, 3));
  const lines = new THREE.LineSegments(geometry, EVENT_MATERIALS.strips);
  lines.name = 'strips';
  setPick(lines, { table: 'hits', rows: strips.rows });
  return lines;
}

export function buildPolylines(lines: Polyline[], table: 'tracks' | 'truth'): THREE.Group {
  const group = new THREE.Group();
  group.name = table;
  for (const l of lines) {
    const geometry = new THREE.BufferGeometry().setFromPoints(l.points.map((p) => new THREE.Vector3(p.x, p.y, p.z)));
    const colors = new Float32Array(3 * l.points.length);
    for (let i = 0; i < colors.length; i += 3) colors.set(l.color, i);
    geometry.setAttribute('color', new THREE.BufferAttribute(colors, 3));
    const line = new THREE.Line(geometry, l.dashed ? EVENT_MATERIALS.dashed : EVENT_MATERIALS.line);
    if (l.dashed) line.computeLineDistances();
    line.name = `${table}:${l.row}`;
    setPick(line, { table, row: l.row });
    group.add(line);
  }
  return group;
}

/** Markers (octahedra) at the A'/X17 decay vertices. */
export function buildVertexMarkers(truth: TruthDescription): THREE.Group {
  const group = new THREE.Group();
  group.name = 'vertices';
  for (const v of truth.decayVertices) {
    const marker = new THREE.Mesh(vertexMarker, EVENT_MATERIALS.vertex);
    marker.position.set(v.position.x, v.position.y, v.position.z);
    marker.scale.set(1, 1, 8);
    marker.name = `vertex:${v.row}`;
    setPick(marker, { table: 'truth', row: v.row });
    group.add(marker);
  }
  return group;
}

export interface EventObjects {
  group: THREE.Group;
  cells: CellInstances;
  strips: StripSegments;
  tracks: Polyline[];
  truth: TruthDescription;
  dispose(): void;
}

export interface EventSceneOptions extends CellOptions {
  showTruth?: boolean;
  beamEnergy?: number;
}

/** All objects of one event under one group (cells, strips, tracks, truth, vertices). */
export function buildEventGroup(setup: Setup, event: LoadedEvent, options: EventSceneOptions = {}): EventObjects {
  const cells = describeCells(setup, event.hits, options);
  const strips = describeStrips(setup, event.hits);
  const tracks = describeTracks(setup, event.tracks, options.beamEnergy);
  const truth = describeTruth(setup, event.truth);
  const group = new THREE.Group();
  group.name = 'event';
  group.add(buildCellMesh(cells), buildStrips(strips), buildPolylines(tracks, 'tracks'));
  const truthGroup = new THREE.Group();
  truthGroup.name = 'truth-all';
  truthGroup.add(buildPolylines(truth.lines, 'truth'), buildVertexMarkers(truth));
  truthGroup.visible = options.showTruth ?? true;
  group.add(truthGroup);
  return {
    group,
    cells,
    strips,
    tracks,
    truth,
    // Geometries only: the materials are shared (EVENT_MATERIALS).
    dispose: () =>
      group.traverse((o) => {
        const mesh = o as THREE.Mesh;
        if (mesh.geometry && !SHARED_GEOMETRIES.has(mesh.geometry)) mesh.geometry.dispose();
        // The instance matrices and colours are buffers of their own.
        if (o instanceof THREE.InstancedMesh) o.dispose();
      }),
  };
}

/** Applies the transverse exaggeration k to the world group (x, y scaled by k; z kept). */
export function setTransverseScale(world: THREE.Object3D, k: number): void {
  world.scale.set(k, k, 1);
  world.updateMatrixWorld(true);
}

export type ViewName = 'zx' | 'zy' | 'beam' | '3d';

/**
 * Camera placement for a named view of a setup under exaggeration k: position, target and up
 * vector in scene coordinates, for a perspective camera with vertical field of view `fovDeg`.
 */
export function viewCamera(view: ViewName, setup: SetupDescription, k: number, aspect: number, fovDeg = 30): { position: THREE.Vector3; target: THREE.Vector3; up: THREE.Vector3 } {
  const [z0, z1] = setup.zRange;
  const length = z1 - z0;
  const zc = (z0 + z1) / 2;
  const width = Math.min(2 * setup.halfWidth * k, length);
  const tan = Math.tan((fovDeg * Math.PI) / 360);
  const fitLength = (length * 1.08) / 2 / (tan * Math.max(aspect, 0.1));
  const fitWidth = (width * 1.2) / 2 / tan;
  const distance = Math.max(fitLength, fitWidth);
  const target = new THREE.Vector3(0, 0, zc);
  switch (view) {
    case 'zx':
      // Looking down along -y: z runs left to right, x up the screen (the bending plane).
      return { position: new THREE.Vector3(0, distance, zc), target, up: new THREE.Vector3(1, 0, 0) };
    case 'zy':
      // Looking along -x from +x: z runs left to right, y up.
      return { position: new THREE.Vector3(distance, 0, zc), target, up: new THREE.Vector3(0, 1, 0) };
    case 'beam':
      return { position: new THREE.Vector3(0, 0, z0 - Math.max(2000, (2 * setup.halfWidth * k * 1.2) / 2 / tan)), target: new THREE.Vector3(0, 0, z1), up: new THREE.Vector3(0, 1, 0) };
    default:
      return { position: new THREE.Vector3(distance * 0.7, distance * 0.45, zc - distance * 0.75), target, up: new THREE.Vector3(0, 1, 0) };
  }
}
