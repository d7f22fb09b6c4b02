import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getElement, getSetup, TAGS, type Setup } from '@na64/format';
import {
  SelectionConfigError,
  TAG_DIMUON,
  TAG_INVISIBLE,
  TAG_PILEUP,
  TAG_SRD,
  TAG_X17,
  defaultSelectionConfig,
  mipEnergy,
  reconstructBundle,
  selectionConfigFromJson,
  type SelectionConfig,
} from '@na64/reco';
import { TestRng, digitize, eventsBatch, type CellDeposit, type EventDeposits } from './helpers/digitize.ts';
import { ECAL_SHOWER_UNIT, ecalShower, trackDeposits } from './helpers/tracks.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Incoming beam electron through the upstream trackers plus its synchrotron light in the SRD. */
function beamElectron(setup: Setup, rng: TestRng, zMax: number): Pick<EventDeposits, 'strips' | 'straws' | 'cells'> {
  const t = trackDeposits(setup, rng, setup.beam.energy, { x: 0, y: 0 }, { tx: 0, ty: 0 }, 0, zMax);
  const srd: CellDeposit[] = [0, 1, 2].map((m) => ({ element: 'SRD', ix: 0, iy: 0, section: m, energy: 0.015 }));
  return { ...t, cells: srd };
}

function hcalMips(n: number, setup: Setup): CellDeposit[] {
  const hcal = getElement(setup, 'HCAL');
  const seg = hcal.segmentation as { sections: { layers: [number, number] }[] };
  return seg.sections.map((s, m) => ({ element: 'HCAL', ix: 1, iy: 1, section: m, energy: n * mipEnergy(hcal, s.layers) }));
}

function run(setup: Setup, runNumber: number, evs: EventDeposits[], seed: number, selection?: SelectionConfig) {
  const rng = new TestRng(seed);
  return reconstructBundle({ setup, run: runNumber, events: eventsBatch(runNumber, evs), digits: digitize(setup, runNumber, evs, rng), selection });
}

describe('candidate tags, invis-2018', () => {
  const setup = getSetup('invis-2018');
  const RUN = 3800;
  const rng = new TestRng(301);
  const zUp = 16400; // all trackers (the SRD is at 16500, the ECAL after it)
  const withBeam = (event: number, cells: CellDeposit[]): EventDeposits => {
    const b = beamElectron(setup, rng, zUp);
    return { spill: 1, event, strips: b.strips, straws: b.straws, cells: [...b.cells!, ...cells] };
  };
  const invisible = withBeam(0, ecalShower(20 / ECAL_SHOWER_UNIT));
  const plain = withBeam(1, ecalShower(100 / ECAL_SHOWER_UNIT));
  const dimuon = withBeam(2, [...ecalShower(35 / ECAL_SHOWER_UNIT), ...hcalMips(2, setup), { element: 'VETO', ix: 0, iy: 1, section: 0, energy: 0.016 }]);
  const pileup = withBeam(3, [...ecalShower(100 / ECAL_SHOWER_UNIT), { element: 'HCAL', ix: 2, iy: 0, section: 0, energy: 5, time: 80 }]);
  const noSrd: EventDeposits = { ...invisible, event: 4, cells: invisible.cells!.filter((c) => c.element !== 'SRD') };
  const vetoed = withBeam(5, [...ecalShower(20 / ECAL_SHOWER_UNIT), { element: 'VETO', ix: 0, iy: 1, section: 0, energy: 0.008 }]);
  const evs = [invisible, plain, dimuon, pileup, noSrd, vetoed];
  const out = run(setup, RUN, evs, 302);
  const tags = out.events.tags;

  it('uses the bits of SCHEMA.md', () => {
    expect([TAG_INVISIBLE, TAG_DIMUON, TAG_X17, TAG_SRD, TAG_PILEUP]).toEqual([TAGS.invisible.bit, TAGS.dimuon.bit, TAGS.x17.bit, TAGS.srd_tagged.bit, TAGS.pileup.bit]);
  });

  it('tags an invisible-like event (100 GeV e-, SRD, 20 GeV in the ECAL, nothing after) and not a plain shower', () => {
    expect(out.events.p_in[0]).toBeGreaterThan(95);
    expect(out.events.p_in[0]).toBeLessThan(105);
    expect(tags[0]).toBe(TAG_INVISIBLE | TAG_SRD);
    expect(out.events.e_ecal[1]).toBeGreaterThan(95);
    expect(tags[1]).toBe(TAG_SRD);
    expect(tags[4] & TAG_INVISIBLE).toBe(0); // no SRD signal
    expect(tags[4] & TAG_SRD).toBe(0);
    expect(tags[5] & TAG_INVISIBLE).toBe(0); // VETO fired (one MIP)
  });

  it('tags a dimuon-like event (two MIPs in every HCAL module, low ECAL)', () => {
    expect(tags[2] & TAG_DIMUON).toBe(TAG_DIMUON);
    expect(tags[2] & TAG_INVISIBLE).toBe(0);
    expect(tags[1] & TAG_DIMUON).toBe(0);
    expect(tags[0] & TAG_DIMUON).toBe(0);
  });

  it('flags out-of-time calorimeter energy as pile-up', () => {
    expect(tags[3] & TAG_PILEUP).toBe(TAG_PILEUP);
    expect(tags[1] & TAG_PILEUP).toBe(0);
  });

  it('takes the cuts from a JSON override file over the setup defaults', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'na64-reco-'));
    dirs.push(dir);
    const file = join(dir, 'cuts.json');
    await writeFile(file, JSON.stringify({ invisible: { ecalMax: 10 }, dimuon: { moduleMin: 3.5 } }));
    const cfg = selectionConfigFromJson(setup, await readFile(file, 'utf8'), file);
    expect(cfg.invisible.ecalMax).toBe(10);
    expect(cfg.invisible.hcalMax).toBe(defaultSelectionConfig(setup).invisible.hcalMax);
    const again = run(setup, RUN, evs, 302, cfg);
    expect(again.events.tags[0] & TAG_INVISIBLE).toBe(0); // 20 GeV now above the ECAL cut
    expect(again.events.tags[2] & TAG_DIMUON).toBe(0); // 2 MIPs (~2.8 GeV) now below the module cut
    expect(again.events.tags[0] & TAG_SRD).toBe(TAG_SRD);
    expect(() => selectionConfigFromJson(setup, '{"invisible":{"ecalMx":10}}', 'cuts.json')).toThrow(SelectionConfigError);
    expect(() => selectionConfigFromJson(setup, '{"invisible":{"ecalMx":10}}', 'cuts.json')).toThrow(/cuts\.json: invisible\.ecalMx: unknown field/);
    expect(() => selectionConfigFromJson(setup, '{"dimuon":{"ecalMax":"high"}}')).toThrow(/dimuon\.ecalMax: expected a finite number/);
    expect(() => selectionConfigFromJson(setup, '{oops')).toThrow(/not valid JSON/);
  });

  it('derives the defaults from the setup (beam energy, materials)', () => {
    const d = defaultSelectionConfig(setup);
    expect(d.beamEnergy).toBe(100);
    expect(d.invisible.ecalMax).toBe(50);
    expect(d.invisible.hcalMax).toBe(1);
    // HCAL module: 48 x (25 mm Fe x 1.1425 MeV/mm + 4 mm Sc x 0.2052 MeV/mm) = 1.410 GeV per MIP
    // (PDG: Fe 1.451 MeV cm2/g at 7.874 g/cm3, polystyrene 1.936 MeV cm2/g at 1.06 g/cm3)
    const mip = (48 * (25 * 7.874 * 1.451 + 4 * 1.06 * 1.936)) / 10 / 1000;
    expect(d.dimuon.moduleMin).toBeCloseTo(0.25 * mip, 6);
    expect(d.dimuon.moduleMax).toBeCloseTo(4 * mip, 6);
  });
});

describe('X17 tag, vis-2018', () => {
  const setup = getSetup('vis-2018');
  const RUN = 4400;
  const rng = new TestRng(401);
  const s4Mip = mipEnergy(getElement(setup, 'S4'));
  const v2Mip = mipEnergy(getElement(setup, 'V2'));
  const wcal = (energies: number[]): CellDeposit[] => energies.map((energy, section) => ({ element: 'WCAL', ix: 0, iy: 0, section, energy }));
  const withBeam = (event: number, cells: CellDeposit[]): EventDeposits => {
    const b = beamElectron(setup, rng, 14000);
    return { spill: 1, event, strips: b.strips, straws: b.straws, cells: [...b.cells!, ...cells] };
  };
  // X17 -> e+ e- carrying 45 GeV out of the 150 GeV WCAL shower into the ECAL
  const signal = [...wcal([10, 60, 35, 0]), ...ecalShower(45 / ECAL_SHOWER_UNIT), { element: 'S4', ix: 0, iy: 0, section: 0, energy: 2 * s4Mip } as CellDeposit];
  const evs = [
    withBeam(0, signal),
    withBeam(1, wcal([15, 90, 44, 1])), // plain 150 GeV electron shower in the WCAL
    withBeam(2, [...signal, { element: 'V2', ix: 0, iy: 0, section: 0, energy: v2Mip }]),
    withBeam(3, signal.map((c) => (c.element === 'S4' ? { ...c, energy: s4Mip } : c))),
  ];
  const out = run(setup, RUN, evs, 402);

  it('tags a signal-like event: E_WCAL + E_ECAL ~ E0, no V2, two MIPs in S4, electron-like ECAL shower', () => {
    expect(out.events.e_wcal[0] + out.events.e_ecal[0]).toBeGreaterThan(140);
    expect(out.events.tags[0] & TAG_X17).toBe(TAG_X17);
  });

  it('does not tag a plain electron shower, a V2 signal or a single particle in S4', () => {
    expect(out.events.e_wcal[1]).toBeGreaterThan(140);
    expect(out.events.tags[1] & TAG_X17).toBe(0);
    expect(out.events.tags[2] & TAG_X17).toBe(0);
    expect(out.events.tags[3] & TAG_X17).toBe(0);
    // the invisible selection is for setups whose ECAL is the target (off by default with a WCAL)
    expect(defaultSelectionConfig(setup).invisible.enabled).toBe(false);
    expect(defaultSelectionConfig(getSetup('invis-2018')).x17.enabled).toBe(false);
    for (let i = 0; i < 4; i++) expect(out.events.tags[i] & (TAG_INVISIBLE | TAG_DIMUON)).toBe(0);
  });
});
