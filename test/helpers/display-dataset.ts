/**
 * Small synthetic datasets for the display, the server and the Phoenix export: physically
 * sensible events written with RunWriter and consistent with the bundled setups (hits at real
 * cell centres, tracker clusters on the traced beam path, tracks, truth with an A'/X17).
 * One function on purpose: it can later be replaced by a simulated and converted run.
 */
import { TABLES_V1, mulberry32, cellCenter, getElement, getPlane, getSetup, measuredCoordinate, rowsToBatch, stripAt, traceTrack, type EventKey, type RowOf, type Setup, type SetupElement, type TableName } from '@na64/format';
import { RunWriter } from '@na64/format/node';

export interface DisplayDataset {
  dir: string;
  setupId: string;
  run: number;
  keys: EventKey[];
  /** Keys by tag (x17, dimuon, invisible). */
  tagged: { x17: EventKey[]; dimuon: EventKey[]; invisible: EventKey[] };
  /** Beam energy E0, GeV. */
  beamEnergy: number;
}

const prng = mulberry32;

function complete<T extends TableName>(table: T, row: Partial<RowOf<T>>): RowOf<T> {
  const out: Record<string, unknown> = { ...row };
  for (const c of TABLES_V1[table].columns) {
    if (out[c.name] !== undefined) continue;
    out[c.name] = c.kind === 'utf8' ? '' : c.kind.startsWith('list') ? [] : c.kind === 'int32' ? -1 : c.name === 'weight' ? 1 : Number.NaN;
  }
  return out as RowOf<T>;
}

const f32 = Math.fround;

/**
 * Writes one run into `dir`: `spills` x `eventsPerSpill` events cycling through an ordinary
 * shower, a tagged candidate (X17 in vis-2018, invisible in invis-2018) and a dimuon.
 */
export async function writeDisplayDataset(
  dir: string,
  options: { setupId?: 'vis-2018' | 'invis-2018'; run?: number; spills?: number; eventsPerSpill?: number; seed?: number } = {},
): Promise<DisplayDataset> {
  const setupId = options.setupId ?? 'vis-2018';
  const setup: Setup = getSetup(setupId);
  const run = options.run ?? 1;
  const nSpills = options.spills ?? 2;
  const perSpill = options.eventsPerSpill ?? 6;
  const rnd = prng(options.seed ?? 17);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const E0 = setup.beam.energy;
  const visible = setupId === 'vis-2018';
  const ecal = getElement(setup, 'ECAL');
  const hcal = getElement(setup, 'HCAL');
  const wcal = visible ? getElement(setup, 'WCAL') : undefined;
  const out: DisplayDataset = { dir, setupId, run, keys: [], tagged: { x17: [], dimuon: [], invisible: [] }, beamEnergy: E0 };

  const writer = await RunWriter.open(dir, run, { setupId, command: 'display test dataset' });
  const spills: RowOf<'spills'>[] = [];
  const events: RowOf<'events'>[] = [];
  const hits: RowOf<'hits'>[] = [];
  const tracks: RowOf<'tracks'>[] = [];
  const truth: RowOf<'truth'>[] = [];
  let eventInRun = 0;
  for (let s = 1; s <= nSpills; s++) {
    spills.push(complete('spills', { run, spill: s, event: -1, start_time: 1.53e9 + 20 * s, end_time: 1.53e9 + 20 * s + 4.8, n_events: perSpill, eot: 4.1e6, beam_particle: setup.beam.particle, beam_energy: E0, setup_id: setupId }));
    for (let e = 1; e <= perSpill; e++) {
      const key = { run, spill: s, event: e };
      const kind = (eventInRun % 3) as 0 | 1 | 2; // 0 shower, 1 candidate, 2 dimuon
      const evHits: RowOf<'hits'>[] = [];
      const evTruth: RowOf<'truth'>[] = [];
      const evTracks: RowOf<'tracks'>[] = [];
      const sums = { ecal: 0, ecalPre: 0, hcal: 0, hcalModules: [0, 0, 0, 0], wcal: 0, veto: 0, srd: 0 };
      const x0 = 2 * gauss();
      const y0 = 2 * gauss();
      const p0 = E0 * (1 + 0.01 * gauss());
      // Incoming electron: truth, upstream track, tracker clusters along its traced path.
      evTruth.push(complete('truth', { ...key, pdg: 11, parent: -1, process: 'primary', vx: f32(x0), vy: f32(y0), vz: -100, px: 0, py: 0, pz: f32(p0), e: f32(p0), end_x: NaN, end_y: NaN, end_z: NaN }));
      const beam = traceTrack(setup, { momentum: p0, charge: -1, start: { x: x0, y: y0, z: -100 } });
      const at = (z: number) => {
        let prev = beam.points[0];
        for (const p of beam.points) {
          if (p.z >= z) {
            const f = p.z === prev.z ? 0 : (z - prev.z) / (p.z - prev.z);
            return { x: prev.x + f * (p.x - prev.x), y: prev.y + f * (p.y - prev.y), z };
          }
          prev = p;
        }
        return { x: prev.x, y: prev.y, z };
      };
      const dumpZ = (wcal ?? ecal).position.z - (wcal ?? ecal).size.z / 2;
      for (const el of setup.elements) {
        if (el.kind !== 'tracker-strip' || el.position.z > dumpZ) continue;
        const seg = el.segmentation!;
        if (seg.type === 'cells') continue;
        seg.planes.forEach((pl, k) => {
          const pos = at(el.position.z + pl.dz);
          const u = measuredCoordinate(el, k, pos) + 0.1 * gauss();
          const strip = stripAt(el, k, u);
          if (strip === undefined) return;
          evHits.push(complete('hits', { ...key, detector: el.detector ?? el.name.replace(/\d+$/, ''), ix: -1, iy: -1, layer: -1, plane: k, strip: f32(strip + 0.3 * rnd()), cluster_size: 2 + Math.floor(3 * rnd()), energy: 0, charge: f32(300 + 200 * rnd()), time: f32(2 * gauss()), x: getPlane(el, k).orientation === 'x' ? f32(pos.x) : NaN, y: getPlane(el, k).orientation === 'y' ? f32(pos.y) : NaN, z: f32(el.position.z + pl.dz), truth: 0 }));
        });
      }
      evTracks.push(complete('tracks', { ...key, station: 0, charge: -1, momentum: f32(p0), x: f32(x0), y: f32(y0), z: 2500, tx: 0, ty: 0, chi2: f32(4 + 2 * rnd()), ndf: 4, hits: [0, 1, 2, 3] }));
      const srd = setup.elements.find((x) => x.kind === 'srd');
      if (srd) {
        for (let l = 0; l < 3; l++) {
          const en = f32(0.02 + 0.03 * rnd());
          sums.srd += en;
          evHits.push(complete('hits', { ...key, detector: 'SRD', ix: 0, iy: 0, layer: l, plane: -1, cluster_size: 1, energy: en, charge: f32(en * 4e4), time: f32(gauss()), ...cellCenter(srd, { ix: 0, iy: 0, section: l }), truth: -1 }));
        }
      }
      // Shower in a calorimeter: energy shared over cells around the impact, by section.
      const shower = (el: SetupElement, energy: number, impact: { x: number; y: number }, sectionShares: number[]) => {
        const seg = el.segmentation;
        if (!seg || seg.type !== 'cells' || energy <= 0) return 0;
        const cx = Math.floor((impact.x - el.position.x) / seg.pitchX + seg.nx / 2);
        const cy = Math.floor((impact.y - el.position.y) / seg.pitchY + seg.ny / 2);
        let total = 0;
        const weights: { ix: number; iy: number; w: number }[] = [];
        for (let ix = 0; ix < seg.nx; ix++) {
          for (let iy = 0; iy < seg.ny; iy++) {
            const d = Math.hypot(ix - cx, iy - cy);
            const w = d === 0 ? 1 : 0.12 * Math.exp(-1.6 * (d - 1));
            if (w < 2e-3) continue;
            weights.push({ ix, iy, w });
            total += w;
          }
        }
        let deposited = 0;
        sectionShares.forEach((share, section) => {
          if (section >= seg.sections.length) return;
          for (const { ix, iy, w } of weights) {
            const en = f32(energy * share * (w / total) * (1 + 0.05 * gauss()));
            if (en < 0.005) continue;
            deposited += en;
            const c = cellCenter(el, { ix, iy, section });
            evHits.push(complete('hits', { ...key, detector: el.detector ?? el.name.replace(/\d+$/, ''), ix, iy, layer: section, plane: -1, cluster_size: 1, energy: en, charge: f32(en * 2000), time: f32(1.5 * gauss()), x: f32(c.x), y: f32(c.y), z: f32(c.z), truth: 0 }));
          }
        });
        return deposited;
      };
      const ecalImpact = at(ecal.position.z - ecal.size.z / 2);
      let tags = 8; // srd_tagged
      if (kind === 1 && visible) {
        // X17: A' produced in the WCAL, decays in the decay volume into e+ e-.
        const eA = E0 * (0.45 + 0.3 * rnd());
        const wz = wcal!.position.z - wcal!.size.z / 2 + 20;
        const decayZ = 15600 + 1500 * rnd();
        const ax = at(wz).x;
        sums.wcal = shower(wcal!, p0 - eA, at(wz), [0.35, 0.3, 0.25, 0.1]);
        const aRow = evTruth.length;
        evTruth.push(complete('truth', { ...key, pdg: 9900022, parent: 0, process: 'a-prime', vx: f32(ax), vy: f32(y0), vz: f32(wz), px: f32(eA * 0.0012), py: 0, pz: f32(eA), e: f32(eA), end_x: f32(ax + 0.0012 * (decayZ - wz)), end_y: f32(y0), end_z: f32(decayZ) }));
        const vx = ax + 0.0012 * (decayZ - wz);
        const split = 0.3 + 0.4 * rnd();
        for (const [pdg, frac, ang] of [[-11, split, 0.004], [11, 1 - split, -0.004]] as const) {
          const en = eA * frac;
          const zE = ecal.position.z - ecal.size.z / 2;
          const tx = 0.0012 + ang;
          evTruth.push(complete('truth', { ...key, pdg, parent: aRow, process: 'decay', vx: f32(vx), vy: f32(y0), vz: f32(decayZ), px: f32(en * tx), py: f32(en * 0.001 * gauss()), pz: f32(en), e: f32(en), end_x: f32(vx + tx * (zE - decayZ)), end_y: f32(y0), end_z: f32(zE) }));
          evTracks.push(complete('tracks', { ...key, station: 1, charge: pdg === 11 ? -1 : 1, momentum: f32(en * (1 + 0.03 * gauss())), x: f32(vx + tx * (17800 - decayZ)), y: f32(y0), z: 17800, tx: f32(tx), ty: 0, chi2: f32(3 + 3 * rnd()), ndf: 4, hits: [] }));
          sums.ecal += shower(ecal, en, { x: vx + tx * (zE - decayZ), y: y0 }, [0.12, 0.86]);
        }
        tags |= 4;
        out.tagged.x17.push([run, s, e]);
      } else if (kind === 1) {
        // Invisible: the A' carries most of the energy away; a soft electron showers in the ECAL.
        const eA = E0 * (0.6 + 0.3 * rnd());
        const vz = ecal.position.z - ecal.size.z / 2 + 15;
        evTruth.push(complete('truth', { ...key, pdg: 9900022, parent: 0, process: 'a-prime', vx: f32(ecalImpact.x), vy: f32(ecalImpact.y), vz: f32(vz), px: f32(eA * 0.001), py: 0, pz: f32(eA), e: f32(eA), end_x: NaN, end_y: NaN, end_z: NaN }));
        sums.ecal = shower(ecal, p0 - eA, ecalImpact, [0.12, 0.86]);
        tags |= 1;
        out.tagged.invisible.push([run, s, e]);
      } else if (kind === 2) {
        // Dimuon: gamma -> mu+ mu- early in the dump, MIP deposits in every HCAL module.
        const eG = E0 * (0.5 + 0.2 * rnd());
        const dz = (wcal ?? ecal).position.z - (wcal ?? ecal).size.z / 2 + 10;
        const gRow = evTruth.length;
        evTruth.push(complete('truth', { ...key, pdg: 22, parent: 0, process: 'brems', vx: f32(at(dz).x), vy: f32(y0), vz: f32(dz), px: 0, py: 0, pz: f32(eG), e: f32(eG), end_x: f32(at(dz).x), end_y: f32(y0), end_z: f32(dz + 30) }));
        const hz = hcal.position.z + hcal.size.z / 2;
        for (const [pdg, frac, tx] of [[13, 0.55, 0.006], [-13, 0.45, -0.004]] as const) {
          const en = eG * frac;
          evTruth.push(complete('truth', { ...key, pdg, parent: gRow, process: 'conversion', vx: f32(at(dz).x), vy: f32(y0), vz: f32(dz + 30), px: f32(en * tx), py: 0, pz: f32(en), e: f32(en), end_x: f32(at(dz).x + tx * (hz - dz)), end_y: f32(y0), end_z: f32(hz) }));
        }
        sums.wcal = wcal ? shower(wcal, p0 - eG, at(dz), [0.4, 0.3, 0.2, 0.1]) : 0;
        sums.ecal += shower(ecal, wcal ? 0.5 : p0 - eG, ecalImpact, [0.3, 0.7]);
        const seg = hcal.segmentation!;
        if (seg.type === 'cells') {
          for (let m = 0; m < seg.sections.length; m++) {
            const en = f32(2 * (1.2 + 0.4 * rnd()));
            sums.hcal += en;
            sums.hcalModules[m] = en;
            const c = cellCenter(hcal, { ix: 1, iy: 1, section: m });
            evHits.push(complete('hits', { ...key, detector: 'HCAL', ix: 1, iy: 1, layer: m, plane: -1, cluster_size: 1, energy: en, charge: f32(en * 300), time: f32(gauss()), x: f32(c.x), y: f32(c.y), z: f32(c.z), truth: 1 }));
          }
        }
        const veto = setup.elements.find((x) => x.name === 'VETO');
        if (veto) {
          const en = f32(0.016);
          sums.veto += en;
          evHits.push(complete('hits', { ...key, detector: 'VETO', ix: 0, iy: 1, layer: 0, plane: -1, cluster_size: 1, energy: en, charge: f32(en * 1e4), time: 0, ...cellCenter(veto, { ix: 0, iy: 1, section: 0 }), truth: -1 }));
        }
        tags |= 2;
        out.tagged.dimuon.push([run, s, e]);
      } else if (wcal) {
        sums.wcal = shower(wcal, p0 * 0.97, at(wcal.position.z), [0.35, 0.35, 0.22, 0.08]);
        sums.ecal = shower(ecal, p0 * 0.02, ecalImpact, [0.3, 0.7]);
      } else {
        sums.ecal = shower(ecal, p0 * 0.97, ecalImpact, [0.12, 0.86]);
        sums.hcal = shower(hcal, p0 * 0.02, ecalImpact, [0.8, 0.15, 0.05, 0]);
      }
      for (const h of evHits) if (h.detector === 'ECAL' && h.layer === 0) sums.ecalPre += h.energy;
      hits.push(...evHits);
      tracks.push(...evTracks);
      truth.push(...evTruth);
      events.push(complete('events', {
        ...key,
        event_in_run: ++eventInRun,
        trigger_mask: 1,
        time: 1.53e9 + 20 * s + (4.8 * e) / (perSpill + 1),
        weight: 1,
        e_ecal: f32(sums.ecal), e_ecal_pre: f32(sums.ecalPre), e_hcal: f32(sums.hcal), e_hcal_modules: sums.hcalModules.map(f32),
        e_wcal: f32(sums.wcal), e_veto: f32(sums.veto), e_srd: f32(sums.srd), ecal_cog_x: f32(ecalImpact.x), ecal_cog_y: f32(ecalImpact.y), p_in: f32(p0),
        n_tracks: evTracks.length, tags,
        digits_offset: 0, digits_count: 0, hits_offset: 0, hits_count: 0, tracks_offset: 0, tracks_count: 0, truth_offset: 0, truth_count: 0,
      }));
      out.keys.push([run, s, e]);
    }
  }
  await writer.appendSpills(rowsToBatch('spills', spills));
  await writer.appendEvents({ events: rowsToBatch('events', events), hits: rowsToBatch('hits', hits), tracks: rowsToBatch('tracks', tracks), truth: rowsToBatch('truth', truth) });
  await writer.close();
  return out;
}
