import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { cellCenter, getElement, getSetup, planeZ, stripCoordinate } from '@na64/format';
import {
  MemoryEventLoader,
  buildCellMesh,
  buildEventGroup,
  buildSetupGroup,
  cellBoxFraction,
  defaultTransverseScale,
  describeCells,
  describeSetup,
  describeStrips,
  describeTracks,
  describeTruth,
  energyColor,
  faceTranslucentBoxes,
  energyFraction,
  gridSegmentCount,
  paletteColor,
  pickTarget,
  rgbToHex,
  setTransverseScale,
  summarizeEvent,
  trackEndZ,
  viewCamera,
  parseUrlState,
  formatUrlState,
} from '@na64/display';

const setup = getSetup('vis-2018');
const ecal = getElement(setup, 'ECAL');
const key = { run: 5, spill: 2, event: 7 };

/** One hand-made event: 3 ECAL cells (one below threshold), 1 HCAL cell, 1 MM cluster, a track and an A' -> e+e-. */
function handEvent(): MemoryEventLoader {
  const c = (ix: number, iy: number, section: number) => cellCenter(ecal, { ix, iy, section });
  const hits = [
    { ...key, detector: 'ECAL', ix: 2, iy: 3, layer: 1, energy: 40, ...c(2, 3, 1) },
    { ...key, detector: 'ECAL', ix: 3, iy: 3, layer: 1, energy: 10, ...c(3, 3, 1) },
    { ...key, detector: 'ECAL', ix: 2, iy: 3, layer: 0, energy: 0.004, ...c(2, 3, 0) },
    { ...key, detector: 'MM', ix: -1, iy: -1, layer: -1, plane: 0, strip: 100, energy: 0, x: NaN, y: NaN, z: 2500 },
    { ...key, detector: 'HCAL', ix: 1, iy: 1, layer: 2, energy: 2, ...cellCenter(getElement(setup, 'HCAL'), { ix: 1, iy: 1, section: 2 }) },
  ];
  return new MemoryEventLoader({
    setupId: 'vis-2018',
    spills: [{ run: 5, spill: 2, event: -1, beam_energy: 150 }],
    events: [{ ...key, e_ecal: 50, e_hcal: 2, e_wcal: 80, e_veto: 0.001, e_srd: 0.06, tags: 4 | 8, trigger_mask: 1 }],
    hits,
    tracks: [{ ...key, station: 0, charge: -1, momentum: 150, x: 0, y: 0, z: 2500, tx: 0, ty: 0, chi2: 3, ndf: 4, hits: [] }],
    truth: [
      { ...key, pdg: 11, parent: -1, process: 'primary', vx: 0, vy: 0, vz: -100, px: 0, py: 0, pz: 150, e: 150 },
      { ...key, pdg: 9900022, parent: 0, process: 'a-prime', vx: 120, vy: 0, vz: 15020, px: 0.1, py: 0, pz: 90, e: 90, end_x: 121, end_y: 0, end_z: 16000 },
      { ...key, pdg: -11, parent: 1, process: 'decay', vx: 121, vy: 0, vz: 16000, px: 0.3, py: 0, pz: 45, e: 45, end_x: 130, end_y: 0, end_z: 19000 },
      { ...key, pdg: 11, parent: 1, process: 'decay', vx: 121, vy: 0, vz: 16000, px: -0.2, py: 0, pz: 45, e: 45, end_x: 110, end_y: 0, end_z: 19000 },
    ],
  });
}

describe('colours', () => {
  it('maps energies onto viridis with known values', () => {
    expect(rgbToHex(paletteColor(0))).toBe('#440154');
    expect(rgbToHex(paletteColor(0.5))).toBe('#21918c');
    expect(rgbToHex(paletteColor(1))).toBe('#fde725');
    expect(rgbToHex(paletteColor(2))).toBe('#fde725');
    expect(rgbToHex(energyColor(5, { min: 0, max: 10, scale: 'linear' }))).toBe('#21918c');
    // log: 0.1 .. 10 GeV, 1 GeV is the middle.
    expect(energyFraction(1, { min: 0.1, max: 10, scale: 'log' })).toBeCloseTo(0.5, 12);
    expect(rgbToHex(energyColor(1, { min: 0.1, max: 10, scale: 'log' }))).toBe('#21918c');
    expect(energyFraction(0.01, { min: 0.1, max: 10, scale: 'log' })).toBe(0);
    expect(cellBoxFraction(0)).toBeCloseTo(0.3);
    expect(cellBoxFraction(1)).toBe(1);
  });
});

describe('setup scene', () => {
  it('describes every element with materials, grids, planes and field regions', () => {
    const d = describeSetup(setup);
    expect(d.elements).toHaveLength(setup.elements.length);
    const e = d.elements.find((x) => x.name === 'ECAL')!;
    expect(e.grid!.length / 6).toBe(gridSegmentCount(ecal));
    expect(gridSegmentCount(ecal)).toBe(2 * (7 + 7));
    expect(e.X0).toBeGreaterThan(30);
    expect(e.material).toMatch(/Pb/);
    expect(d.elements.find((x) => x.name === 'MM1')!.planes!.map((p) => p.name)).toEqual(['X', 'Y']);
    const mag = d.elements.find((x) => x.name === 'MBPL1')!;
    expect(mag.field!.integralTm).toBeCloseTo(3.5, 6);
    expect(d.elements.find((x) => x.kind === 'decay-volume')).toBeDefined();
    const group = buildSetupGroup(d);
    expect(group.children).toHaveLength(setup.elements.length + 1);
    expect(defaultTransverseScale(d)).toBe(20);
  });

  it('draws translucent boxes once, front faces from outside and back faces from inside', () => {
    const d = describeSetup(setup);
    const group = buildSetupGroup(d);
    setTransverseScale(group, 20);
    const ecal = group.getObjectByName('ECAL:volume') as THREE.Mesh;
    const material = ecal.material as THREE.MeshBasicMaterial;
    const a = d.elements.find((e) => e.name === 'ECAL')!.opacity;
    const camera = new THREE.PerspectiveCamera();
    const outside = viewCamera('3d', d, 20, 16 / 9);
    camera.position.copy(outside.position);
    faceTranslucentBoxes(group, camera);
    expect(material.side).toBe(THREE.FrontSide);
    // One layer with the colour of front and back face over each other.
    expect(material.opacity).toBeCloseTo(1 - (1 - a) ** 2, 12);
    camera.position.copy(ecal.getWorldPosition(new THREE.Vector3()));
    faceTranslucentBoxes(group, camera);
    expect(material.side).toBe(THREE.BackSide);
    expect(material.opacity).toBeCloseTo(a, 12);
    camera.position.copy(outside.position);
    faceTranslucentBoxes(group, camera);
    expect(material.side).toBe(THREE.FrontSide);
  });

  it('points a camera so the whole setup is in front of it', () => {
    const d = describeSetup(setup);
    for (const view of ['zx', 'zy', 'beam', '3d'] as const) {
      const cam = viewCamera(view, d, 20, 16 / 9);
      expect(cam.position.distanceTo(cam.target)).toBeGreaterThan(1000);
    }
  });
});

describe('event scene', () => {
  it('counts cells, strips, tracks and truth lines; threshold drops small cells', async () => {
    const ev = await handEvent().readEvent([5, 2, 7]);
    expect(describeCells(setup, ev.hits).count).toBe(4);
    const cells = describeCells(setup, ev.hits, { threshold: 0.01 });
    expect(cells.count).toBe(3);
    expect(Array.from(cells.rows)).toEqual([0, 1, 4]);
    expect(describeStrips(setup, ev.hits).count).toBe(1);
    const objects = buildEventGroup(setup, ev, { threshold: 0.01 });
    expect((objects.group.getObjectByName('cells') as THREE.InstancedMesh).count).toBe(3);
    expect(objects.group.getObjectByName('tracks')!.children).toHaveLength(1);
    expect(objects.group.getObjectByName('truth')!.children).toHaveLength(4);
    objects.dispose();
  });

  it('colours and sizes cells by energy', async () => {
    const ev = await handEvent().readEvent([5, 2, 7]);
    const cells = describeCells(setup, ev.hits, { range: { min: 0, max: 40, scale: 'linear' } });
    // Row 0 holds 40 GeV: top of the scale, full cell size; row 1 holds 10 GeV: t = 0.25.
    expect(rgbToHex([cells.colors[0], cells.colors[1], cells.colors[2]])).toBe('#fde725');
    expect(rgbToHex([cells.colors[3], cells.colors[4], cells.colors[5]])).toBe('#3b528b');
    expect(cells.sizes[0]).toBeCloseTo(38.2, 4);
    expect(cells.sizes[3]).toBeCloseTo(38.2 * (0.3 + 0.7 * 0.25), 4);
    const c = cellCenter(ecal, { ix: 2, iy: 3, section: 1 });
    expect(Array.from(cells.centers.subarray(0, 3))).toEqual([Math.fround(c.x), Math.fround(c.y), Math.fround(c.z)]);
  });

  it('places a cluster at its strip coordinate', async () => {
    const ev = await handEvent().readEvent([5, 2, 7]);
    const s = describeStrips(setup, ev.hits);
    const u = stripCoordinate(getElement(setup, 'MM1'), 0, 100);
    expect(s.positions[0]).toBeCloseTo(u, 4); // an X plane: x is the measured coordinate
    expect(s.positions[3]).toBeCloseTo(u, 4);
    expect(s.positions[2]).toBe(planeZ(getElement(setup, 'MM1'), 0));
    expect(Math.abs(s.positions[4] - s.positions[1])).toBeCloseTo(80, 6);
  });

  it('bends tracks in the magnets and ends them at the calorimeter face', async () => {
    const ev = await handEvent().readEvent([5, 2, 7]);
    const [line] = describeTracks(setup, ev.tracks);
    const last = line.points[line.points.length - 1];
    expect(last.z).toBe(trackEndZ(setup, 2500));
    expect(last.z).toBe(getElement(setup, 'WCAL').position.z - getElement(setup, 'WCAL').size.z / 2);
    // Two MBPL with 3.5 T m each bend a 150 GeV electron by 0.3 * 7 / 150 = 14 mrad towards +x.
    expect(last.x).toBeGreaterThan(100);
    expect(line.points.length).toBeGreaterThan(20); // smoothed arcs
  });

  it("draws the A' dashed and marks its decay vertex", async () => {
    const ev = await handEvent().readEvent([5, 2, 7]);
    const t = describeTruth(setup, ev.truth);
    expect(t.lines.filter((l) => l.dashed).map((l) => l.row)).toEqual([1]);
    expect(t.decayVertices).toEqual([{ row: 1, position: { x: 121, y: 0, z: 16000 } }]);
  });

  it('scales x and y by the transverse exaggeration and keeps z', async () => {
    const ev = await handEvent().readEvent([5, 2, 7]);
    const world = new THREE.Group();
    const mesh = buildCellMesh(describeCells(setup, ev.hits));
    world.add(mesh);
    setTransverseScale(world, 20);
    const m = new THREE.Matrix4();
    mesh.getMatrixAt(0, m);
    const p = new THREE.Vector3().setFromMatrixPosition(m).applyMatrix4(mesh.matrixWorld);
    const c = cellCenter(ecal, { ix: 2, iy: 3, section: 1 });
    expect(p.x).toBeCloseTo(c.x * 20, 2);
    expect(p.y).toBeCloseTo(c.y * 20, 2);
    expect(p.z).toBeCloseTo(c.z, 2);
  });

  it('picking an instance maps back to its hits row', async () => {
    const ev = await handEvent().readEvent([5, 2, 7]);
    const objects = buildEventGroup(setup, ev, { threshold: 0.01 });
    const world = new THREE.Group();
    world.add(objects.group);
    setTransverseScale(world, 10);
    const c = cellCenter(getElement(setup, 'HCAL'), { ix: 1, iy: 1, section: 2 });
    const ray = new THREE.Raycaster(new THREE.Vector3(c.x * 10, c.y * 10, c.z - 5000), new THREE.Vector3(0, 0, 1));
    const cells = objects.group.getObjectByName('cells')!;
    const hit = ray.intersectObject(cells)[0];
    expect(hit.instanceId).toBe(2);
    expect(pickTarget(hit)).toEqual({ table: 'hits', row: 4 });
    const t = ray.intersectObject(objects.group.getObjectByName('tracks')!);
    expect(t.length).toBe(0);
    // A track line picks its tracks row.
    ray.params.Line.threshold = 5;
    const track = objects.tracks[0];
    const p = track.points[0];
    ray.set(new THREE.Vector3(p.x * 10 - 2000, p.y * 10, p.z + 1), new THREE.Vector3(1, 0, 0));
    const th = ray.intersectObject(objects.group.getObjectByName('tracks')!, true)[0];
    expect(pickTarget(th)).toEqual({ table: 'tracks', row: 0 });
  });
});

describe('event panel and URL state', () => {
  it('sums energies, computes missing energy, veto state and tag names', async () => {
    const ev = await handEvent().readEvent([5, 2, 7]);
    const s = summarizeEvent(ev.event, 150);
    expect(s.key).toBe('5:2:7');
    expect(s.total).toBeCloseTo(50 + 2 + 80 + 0.001, 5);
    expect(s.missing).toBeCloseTo(150 - 132.001, 4);
    expect(s.veto).toBe('quiet');
    expect(s.tags).toEqual(['x17', 'srd_tagged']);
  });

  it('round-trips the URL state', () => {
    const state = { data: 'http://h:1/data/', event: [1, 2, 3] as [number, number, number], view: 'zx' as const, k: 20, camera: [1, 2, 3, 4, 5, 6] as [number, number, number, number, number, number], truth: false, scale: 'log' as const, threshold: 0.01, list: 'tags & x17' };
    expect(parseUrlState(formatUrlState(state))).toEqual(state);
    expect(parseUrlState('?event=bad&k=1000')).toEqual({});
  });
});
