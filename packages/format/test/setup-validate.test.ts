import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FormatError, bundledSetupDocument, calibrationForRun, getElement, parseSetup, validateSetup } from '@na64/format';
import type { SetupInput } from '@na64/format';

type Doc = SetupInput & Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function broken(edit: (doc: Any) => void, id = 'invis-2018'): string[] {
  const doc = bundledSetupDocument(id) as Doc;
  edit(doc);
  const result = validateSetup(doc);
  if (result.ok) throw new Error('expected problems, the broken copy validated');
  return result.problems;
}
const el = (doc: Any, name: string): Any => doc.elements.find((e: Any) => e.name === name);

describe('validation rules, one broken copy each', () => {
  const cases: [string, (doc: Any) => void, RegExp][] = [
    ['negative cell pitch', (d) => (el(d, 'ECAL').segmentation.pitchX = -38.2), /^element "ECAL": segmentation\.pitchX must be > 0, got -38\.2$/],
    ['zero size', (d) => (el(d, 'MM1').size.z = 0), /^element "MM1": size\.z must be > 0, got 0$/],
    ['unknown material', (d) => (el(d, 'ECAL').material[0].layers[0].material = 'unobtainium'), /^element "ECAL": material\.0\.layers\.0\.material must be one of "Pb", .*got "unobtainium"$/],
    ['unknown kind', (d) => (el(d, 'S0').kind = 'laser'), /^element "S0": kind must be one of .*got "laser"$/],
    ['unknown field', (d) => (el(d, 'S0').colour = 'red'), /^element "S0": unknown field colour$/],
    ['missing beam energy', (d) => delete d.beam.energy, /^setup: beam\.energy is required$/],
    ['source id >= 1024', (d) => (el(d, 'ECAL').readout.map.rules[0].source = 1024), /^element "ECAL": readout\.map\.rules\.0\.source must be <= 1023, got 1024$/],
    ['multiplexer source id used for a detector', (d) => (el(d, 'ECAL').readout.map.rules[0].source = 900), /^element "ECAL": map: source 900 port 0 channel 0: source ids 896\.\.1023 are multiplexers/],
    ['multiplexer field below 896', (d) => (el(d, 'MM1').readout.multiplexer = 12), /^element "MM1": readout\.multiplexer must be a multiplexer source id 896\.\.1023, got 12$/],
    ['msadc channel beyond 4 bits', (d) => (el(d, 'S0').readout.map.entries[0].channel = 16), /^element "S0": map: source 600 port 0 channel 16: msadc allows ports 0\.\.7 and channels 0\.\.15$/],
    ['stack thicker than the box', (d) => (el(d, 'ECAL').size.z = 400), /^element "ECAL": material stack is 450 mm thick, more than size\.z 400 mm$/],
    ['cells wider than the box', (d) => (el(d, 'ECAL').segmentation.nx = 7), /^element "ECAL": 7 cells x pitchX 38\.2 mm exceed size\.x 229\.2 mm$/],
    ['section beyond the stack', (d) => (el(d, 'ECAL').segmentation.sections[1].layers = [15, 150]), /^element "ECAL": segmentation\.sections\.1\.layers 15\.\.150 beyond the 150 sampling layers/],
    ['sections with a gap', (d) => (el(d, 'ECAL').segmentation.sections[1].layers = [16, 149]), /^element "ECAL": segmentation\.sections\.1\.layers must start at layer 15/],
    ['sections not covering the stack', (d) => (el(d, 'ECAL').segmentation.sections[1].layers = [15, 140]), /^element "ECAL": segmentation\.sections cover layers 0\.\.140 of 0\.\.149$/],
    ['strips wider than the box', (d) => (el(d, 'MM1').segmentation.planes[0].pitch = 0.3), /^element "MM1": segmentation\.planes\.0: 320 x 0\.3 mm = 96 mm exceed the element's x size 80 mm$/],
    ['duplicate plane name', (d) => (el(d, 'MM1').segmentation.planes[1].name = 'X'), /^element "MM1": segmentation\.planes\.1\.name "X" is used twice$/],
    ['angle on an x plane', (d) => (el(d, 'MM1').segmentation.planes[0].angle = 5), /^element "MM1": segmentation\.planes\.0\.angle is only for u\/v planes/],
    ['magnet without field', (d) => delete el(d, 'MBPL1').field, /^element "MBPL1": a magnet needs a field/],
    ['field longer than magnet', (d) => (el(d, 'MBPL1').field.length = 2500), /^element "MBPL1": field\.length 2500 mm is longer than size\.z 2000 mm$/],
    ['calorimeter without cells', (d) => delete el(d, 'ECAL').segmentation, /^element "ECAL": kind "calorimeter" needs segmentation\.type "cells", got none$/],
    ['digitizer not matching segmentation', (d) => (el(d, 'ST1').readout.digitizer = 'apv'), /^element "ST1": /],
    ['overlap along z', (d) => (el(d, 'MM2').position.z = 2504), /^element "MM2": z 2499\.\.2509 overlaps element "MM1" \(z 2495\.\.2505\) along the beam/],
    ['beam order', (d) => {
      const [a, b] = [d.elements.indexOf(el(d, 'S1')), d.elements.indexOf(el(d, 'V0'))];
      [d.elements[a], d.elements[b]] = [d.elements[b], d.elements[a]];
    }, /^element "S1": listed after "V0" but its position\.z 1000 is upstream of 1500/],
    ['inside an unknown element', (d) => (el(d, 'MM1').inside = 'NOPE'), /^element "MM1": inside names "NOPE", which is no other element/],
    ['inside but sticking out', (d) => {
      el(d, 'MM5').inside = 'MBPL2';
    }, /^element "MM5": declared inside "MBPL2" but its z 11995\.\.12005 leaves 6500\.\.8500$/],
    ['duplicate element name', (d) => (el(d, 'S1').name = 'S0'), /^element "S0": name is used twice$/],
    ['reversed run range', (d) => (d.runs = [5, 1]), /^setup: runs 5\.\.1 is reversed$/],
    ['contamination >= 1', (d) => (d.beam.contamination = { 'pi-': 0.7, 'K-': 0.4 }), /^setup: beam\.contamination fractions add up to 1\.1/],
    ['bad id', (d) => (d.id = 'has space'), /^setup: id letters, digits/],
    ['calibration list of wrong length', (d) => el(d, 'ECAL').readout.calibration.gain.pop(), /^element "ECAL": readout\.calibration\.gain has 71 values, expected 72/],
    ['strip table of an unknown plane', (d) => (el(d, 'MM1').readout.calibration.planes.Z = { pedestal: 500, sigma: 5 }), /^element "MM1": readout\.calibration\.planes has "Z", but the element has no plane of that name$/],
    ['strip table missing', (d) => delete el(d, 'MM1').readout.calibration.planes.Y, /^element "MM1": readout\.calibration\.planes lacks plane "Y"$/],
    ['override outside the run range', (d) => (el(d, 'HCAL').readout.overrides[0].runs = [4000, 9999]), /^element "HCAL": readout\.overrides\.0\.runs 4000\.\.9999 outside the setup's runs 3500\.\.4310$/],
    ['overlapping overrides', (d) => el(d, 'HCAL').readout.overrides.push({ runs: [4050, 4200], calibration: { gain: 0.03 } }), /^element "HCAL": readout\.overrides\.1\.runs 4050\.\.4200 overlaps another override/],
    ['rule counts disagree', (d) => (el(d, 'ECAL').readout.map.rules[0].channels = [0, 10]), /^element "ECAL": map rule 0: 66 channels \(ports 0\.\.5 x channels 0\.\.10\) but 72 cells$/],
  ];
  test.each(cases)('%s', (_name, edit, message) => {
    const problems = broken(edit);
    expect(problems.some((p) => message.test(p)), problems.join('\n')).toBe(true);
  });
});

describe('map check', () => {
  test('a channel mapped twice is caught', () => {
    const problems = broken((d) => {
      (el(d, 'ECAL').readout.map.entries ??= []).push({ source: 610, port: 0, channel: 3, cell: [3, 0, 0] });
    });
    expect(problems).toContain('element "ECAL": map: channel mapped twice: source 610 port 0 channel 3 (already mapped to element "ECAL" cell (3, 0, 0))');
    expect(problems.some((p) => p.startsWith('element "ECAL": map: mapped twice: cell (3, 0, 0)'))).toBe(true);
  });

  test('a channel mapped by two elements is caught', () => {
    const problems = broken((d) => (el(d, 'S1').readout.map.entries[0].source = 600));
    expect(problems.some((p) => p.startsWith('element "S1": map: channel mapped twice: source 600 port 0 channel 0 (already mapped to element "S0"'))).toBe(true);
  });

  test('an unmapped cell and an unmapped strip are caught', () => {
    const problems = broken((d) => {
      // Rows iy = 0..4 of both sections on ports 0..4 (60 channels); row iy = 5 left out.
      const rule = el(d, 'ECAL').readout.map.rules[0];
      rule.ports = [0, 4];
      rule.cells = { iy: [0, 4] };
      el(d, 'MM1').readout.map.rules.pop(); // Y strips 256..319 unmapped
    });
    expect(problems.some((p) => p.startsWith('element "ECAL": map: not mapped: cell (0, 5, 0), cell (1, 5, 0), cell (2, 5, 0), cell (3, 5, 0), cell (4, 5, 0) and 7 more'))).toBe(true);
    expect(problems).toContain('element "MM1": map: not mapped: plane "Y" strip 256, plane "Y" strip 257, plane "Y" strip 258, plane "Y" strip 259, plane "Y" strip 260 and 59 more');
  });

  test('a cell outside the segmentation is caught', () => {
    const problems = broken((d) => (el(d, 'ECAL').readout.map.entries ??= []).push({ source: 610, port: 7, channel: 0, cell: [6, 0, 0] }));
    expect(problems).toContain('element "ECAL": map: source 610 port 7 channel 0: cell (6, 0, 0) does not exist');
  });
});

describe('parseSetup', () => {
  test('throws one FormatError naming the file with every problem', () => {
    const doc = bundledSetupDocument('invis-2018') as Any;
    el(doc, 'ECAL').segmentation.pitchX = -38.2;
    el(doc, 'MM1').size.z = 0;
    try {
      parseSetup(JSON.stringify(doc), 'my-setup.json');
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(FormatError);
      const message = (error as Error).message;
      expect(message).toMatch(/^my-setup\.json: invalid setup \(2 problems\): /);
      expect(message).toContain('element "ECAL": segmentation.pitchX must be > 0, got -38.2');
      expect(message).toContain('element "MM1": size.z must be > 0, got 0');
      expect(message).not.toContain('\n');
    }
  });

  test('bad JSON is a FormatError', () => {
    expect(() => parseSetup('{"id":', 'x.json')).toThrow(/^x\.json: not valid JSON/);
  });

  test('accepts a minimal hand-written setup and fills defaults', () => {
    const setup = parseSetup({
      id: 'mini',
      description: 'one counter',
      runs: [1, 10],
      beam: { particle: 'e-', energy: 100, energySpread: 0.01, spotSize: { x: 2, y: 2 }, intensityPerSpill: 1e6, spillLength: 4.8 },
      elements: [
        {
          name: 'S0', kind: 'counter', position: { x: 0, y: 0, z: 0 }, size: { x: 40, y: 40, z: 5 },
          material: [{ layers: [{ material: 'scintillator', thickness: 5 }] }],
          segmentation: { type: 'cells', nx: 1, ny: 1, pitchX: 40, pitchY: 40, sections: [{ name: 'all', layers: [0, 0] }] },
          readout: {
            digitizer: 'msadc',
            map: { entries: [{ source: 1, port: 0, channel: 0, cell: [0, 0, 0] }] },
            calibration: { pedestalEven: 300, pedestalOdd: 310, noise: 3, gain: 1e-5, timeOffset: 0 },
          },
        },
      ],
    });
    expect(setup.format).toBe('na64-setup');
    expect(setup.beam.contamination).toEqual({});
    expect(setup.elements[0]!.material[0]!.repeat).toBe(1);
  });
});

describe('documentation', () => {
  test('the example in SETUPS.md validates', () => {
    const text = readFileSync(new URL('../SETUPS.md', import.meta.url), 'utf8');
    const json = /```json\n([\s\S]*?)```/.exec(text)?.[1];
    expect(json).toBeDefined();
    const setup = parseSetup(json!, 'SETUPS.md example');
    expect(setup.elements.map((e) => e.name)).toEqual(['S0', 'ECAL']);
  });
});

describe('calibrations per run', () => {
  test('override applies inside its run range only', async () => {
    const { getSetup } = await import('@na64/format');
    const hcal = getElement(getSetup('invis-2018'), 'HCAL');
    const base = calibrationForRun(hcal, 3900);
    const over = calibrationForRun(hcal, 4050);
    if (base?.digitizer !== 'msadc' || over?.digitizer !== 'msadc') throw new Error('msadc expected');
    expect(over.gain[7]! / base.gain[7]!).toBeCloseTo(1.02, 3);
    expect(over.pedestalEven).toEqual(base.pedestalEven);
    expect(base.gain.length).toBe(36);
    const mm = calibrationForRun(getElement(getSetup('invis-2018'), 'MM1'));
    if (mm?.digitizer !== 'apv') throw new Error('apv expected');
    expect(mm.planes.X!.pedestal.length).toBe(320);
  });
});
