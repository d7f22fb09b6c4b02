// Signal efficiency of the candidate tags on labelled simulated samples: A' (invisible mode,
// invis-2018) and X17 (visible mode, vis-2018), simulated -> raw -> converted with reconstruction,
// compared with the generated truth. The efficiencies are printed (reported in the reco README).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dataset, TAGS, elementZRange, getElement, getSetup, type EventRow } from '@na64/format';
import { openDataset } from '@na64/format/node';
import { simulateToFile } from '@na64/sim/node';
import { convertRun } from '../packages/cli/src/convert/run-converter.ts';
import { reconstructStep } from '../packages/cli/src/convert/reconstruct-step.ts';

/** PDG code of the A' / X17 in the truth table (SCHEMA.md). */
const DARK_BOSON_PDG = 9900022;
const EVENTS = 300;

interface Labelled {
  event: EventRow;
  /** Energy (GeV) and end point z (mm: decay vertex or where it left the setup) of the A'/X17. */
  boson: { e: number; endZ: number };
}

let dir: string;
const samples: Record<'a-prime' | 'x17', Labelled[]> = { 'a-prime': [], x17: [] };

async function simulateAndConvert(setupId: string, process: 'a-prime' | 'x17'): Promise<void> {
  const setup = getSetup(setupId);
  const raw = join(dir, `${process}.dat`);
  const dataset = join(dir, `ds-${process}`);
  await simulateToFile({ setup, run: setup.runs[0], events: EVENTS, seed: 77n, process, eventsPerSpill: EVENTS, out: raw });
  await convertRun([raw], { datasetDir: dataset, setup, command: 'test', reconstruct: await reconstructStep() });
  const ds = await openDataset(dataset);
  const bosons = new Map<string, Labelled['boson']>();
  for (const t of Dataset.rows('truth', await ds.readTable('truth'))) {
    if (t.pdg === DARK_BOSON_PDG) bosons.set(`${t.spill}:${t.event}`, { e: t.e, endZ: t.end_z });
  }
  for (const event of Dataset.rows('events', await ds.readTable('events'))) {
    const boson = bosons.get(`${event.spill}:${event.event}`);
    if (boson) samples[process].push({ event, boson });
  }
  ds.close();
}

function efficiency(sample: Labelled[], bit: number): { n: number; tagged: number; value: number } {
  const tagged = sample.filter((s) => s.event.tags & bit).length;
  return { n: sample.length, tagged, value: sample.length ? tagged / sample.length : Number.NaN };
}

function report(label: string, e: { n: number; tagged: number; value: number }): void {
  process.stdout.write(`${label}: ${e.tagged}/${e.n} = ${(100 * e.value).toFixed(1)}%\n`);
}

describe('candidate tags on labelled simulated samples', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'na64-efficiency-'));
    await simulateAndConvert('invis-2018', 'a-prime');
    await simulateAndConvert('vis-2018', 'x17');
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("invisible tag: every A' event is labelled; efficient above the E_ECAL < 50 GeV cut, blind below", () => {
    const all = samples['a-prime'];
    expect(all.length).toBe(EVENTS);
    // The tag requires E_ECAL < 50 GeV of a 100 GeV electron: the A' must carry more than about
    // half of E0. Well above (E_A' > 60 GeV) nearly every event passes; well below none does.
    const above = efficiency(all.filter((s) => s.boson.e > 60), TAGS.invisible.bit);
    const below = efficiency(all.filter((s) => s.boson.e < 40), TAGS.invisible.bit);
    report("A' (invis-2018, forced emission), all", efficiency(all, TAGS.invisible.bit));
    report("A' with E_A' > 60 GeV", above);
    report("A' with E_A' < 40 GeV", below);
    expect(above.n).toBeGreaterThan(20);
    expect(above.value).toBeGreaterThan(0.9);
    expect(below.value).toBeLessThan(0.02);
  });

  it('x17 tag: efficient for decays in the decay volume, not for decays inside the WCAL', () => {
    const setup = getSetup('vis-2018');
    const [dvStart, dvEnd] = elementZRange(getElement(setup, 'DV'));
    const [, wcalEnd] = elementZRange(getElement(setup, 'WCAL'));
    const all = samples.x17;
    expect(all.length).toBe(EVENTS);
    const inVolume = efficiency(all.filter((s) => s.boson.endZ > dvStart && s.boson.endZ < dvEnd), TAGS.x17.bit);
    const inDump = efficiency(all.filter((s) => s.boson.endZ < wcalEnd), TAGS.x17.bit);
    report('X17 (vis-2018, 16.7 MeV, forced emission), all', efficiency(all, TAGS.x17.bit));
    report('X17 decaying in the decay volume', inVolume);
    report('X17 decaying inside the WCAL', inDump);
    expect(inVolume.n).toBeGreaterThan(20);
    expect(inVolume.value).toBeGreaterThan(0.7);
    expect(inDump.value).toBeLessThan(inVolume.value / 2);
  });
});
