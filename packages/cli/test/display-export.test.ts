import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getElement, getSetup, cellCenter } from '@na64/format';
import { writeDisplayDataset, type DisplayDataset } from '../../../test/helpers/display-dataset.ts';
import { runCli } from './helpers/run-cli.ts';

let dir: string;
let data: DisplayDataset;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'na64-export-'));
  data = await writeDisplayDataset(join(dir, 'ds'), { setupId: 'vis-2018' });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('na64 export --format phoenix', () => {
  it('writes one Phoenix event with tracks, cells, clusters, truth and the X17 vertex', async () => {
    const key = data.tagged.x17[0];
    const out = join(dir, 'event.json');
    const r = runCli(['export', data.dir, '--event', key.join(':'), '--format', 'phoenix', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    const name = `run ${key[0]} spill ${key[1]} event ${key[2]}`;
    expect(Object.keys(doc)).toEqual([name]);
    const ev = doc[name];
    expect(ev['event number']).toBe(key[2]);
    expect(ev['run number']).toBe(key[0]);
    expect(ev.spill).toBe(key[1]);
    expect(ev.setup).toBe('vis-2018');
    expect(ev.beam_energy).toBe(150);
    expect(ev.tags).toContain('x17');

    // Tracks: the incoming electron bent by the magnets, plus the e+ e- pair downstream.
    const tracks = ev.Tracks.Tracks;
    expect(tracks).toHaveLength(3);
    for (const t of tracks) {
      expect(t.pos.length).toBeGreaterThan(1);
      for (const p of t.pos) expect(p).toHaveLength(3);
      expect(typeof t.mom).toBe('number');
      expect(t.dof).toBe(4);
    }
    const beam = tracks[0];
    expect(beam.pos[0][2]).toBe(2500);
    expect(beam.pos.at(-1)[2]).toBe(getElement(getSetup('vis-2018'), 'WCAL').position.z - 110);
    expect(beam.pos.at(-1)[0]).toBeGreaterThan(100); // bent towards +x, in mm (no exaggeration)

    // Cells: PlanarCaloCells per section, at real cell centres, and Box hits at depth.
    const ecal = getElement(getSetup('vis-2018'), 'ECAL');
    const main = ev.PlanarCaloCells['ECAL main'];
    expect(main.plane.slice(0, 3)).toEqual([0, 0, 1]);
    expect(main.cells.length).toBeGreaterThan(0);
    for (const c of main.cells) {
      expect(c.cellSize).toBeCloseTo(38.2, 6);
      expect(c.color).toMatch(/^#[0-9a-f]{6}$/);
      expect(c.energy).toBeGreaterThan(0);
    }
    const centers = [];
    for (let ix = 0; ix < 6; ix++) for (let iy = 0; iy < 6; iy++) centers.push(cellCenter(ecal, { ix, iy, section: 1 }));
    for (const c of main.cells) expect(centers.some((q) => Math.abs(q.x - c.pos[0]) < 1e-3 && Math.abs(q.y - c.pos[1]) < 1e-3)).toBe(true);
    const boxes = ev.Hits['ECAL cells'];
    expect(boxes[0].type).toBe('Box');
    expect(boxes[0].pos).toHaveLength(6);
    const cellEnergy = [...Object.values(ev.PlanarCaloCells as Record<string, { cells: { energy: number }[] }>)].flatMap((c) => c.cells).reduce((s, c) => s + c.energy, 0);
    expect(cellEnergy).toBeCloseTo(ev.energy_sums.ecal + ev.energy_sums.wcal + ev.energy_sums.srd, 1);

    // Tracker clusters as line hits.
    const mm1 = ev.Hits['MM1 clusters'];
    expect(mm1).toHaveLength(2);
    expect(mm1[0].type).toBe('Line');
    expect(mm1[0].pos).toHaveLength(6);

    // Truth: the A' in its own collection, its e+ e- daughters, and the decay vertex.
    expect(ev.Tracks["Truth invisible (A'/X17)"]).toHaveLength(1);
    expect(ev.Tracks["Truth invisible (A'/X17)"][0].pdg).toBe(9900022);
    expect(ev.Tracks.Truth.map((t: { pdg: number }) => t.pdg).sort()).toEqual([-11, 11, 11]);
    const vtx = ev.Vertices["A'/X17 decay"];
    expect(vtx).toHaveLength(1);
    expect(vtx[0].pos[2]).toBeGreaterThan(15500);
    expect(vtx[0].pos[2]).toBeLessThan(17200);
  });

  it('prints to stdout without --out; a missing event or a bad key is one clear line', () => {
    const key = data.keys[0];
    const r = runCli(['export', data.dir, '--event', key.join(':')]);
    expect(r.status).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout))).toEqual([`run ${key[0]} spill ${key[1]} event ${key[2]}`]);
    const missing = runCli(['export', data.dir, '--event', '1:77:1']);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^na64: .*event 1:77:1 \(run:spill:event\) does not exist$/);
    const bad = runCli(['export', data.dir, '--event', '1-2-3']);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('na64: --event must be run:spill:event (three integers), got "1-2-3"');
  });
});
