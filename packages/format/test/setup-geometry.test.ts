import { describe, expect, test } from 'vitest';
import {
  bundledSetupIds,
  cellAt,
  cellCenter,
  cellCount,
  cellFromId,
  cellId,
  cellSize,
  elementAt,
  getElement,
  getSetup,
  material,
  materialTotals,
  readoutIndex,
  sectionMaterialTotals,
  stripAt,
  stripCoordinate,
  stripSegment,
  measuredCoordinate,
} from '@na64/format';
import type { SetupElement } from '@na64/format';

describe('cells', () => {
  for (const id of bundledSetupIds()) {
    test(`${id}: cell -> id -> cell and cell -> position -> cell for every cell`, () => {
      const setup = getSetup(id);
      let checked = 0;
      for (const element of setup.elements) {
        if (element.segmentation?.type !== 'cells') continue;
        const n = cellCount(element);
        for (let i = 0; i < n; i++) {
          const cell = cellFromId(element, i);
          expect(cellId(element, cell)).toBe(i);
          const centre = cellCenter(element, cell);
          expect(cellAt(element, centre)).toEqual(cell);
          // A point just inside the cell's corner maps to the same cell.
          const size = cellSize(element, cell.section);
          const corner = { x: centre.x - size.x / 2 + 1e-3, y: centre.y + size.y / 2 - 1e-3, z: centre.z + size.z / 2 - 1e-3 };
          expect(cellAt(element, corner)).toEqual(cell);
          expect(elementAt(setup, centre)?.name).toBe(element.name);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(100);
    });
  }

  test('ECAL cell positions: 38.2 mm pitch, preshower in front of main', () => {
    const ecal = getElement(getSetup('invis-2018'), 'ECAL');
    const a = cellCenter(ecal, { ix: 0, iy: 0, section: 0 });
    const b = cellCenter(ecal, { ix: 1, iy: 0, section: 0 });
    const c = cellCenter(ecal, { ix: 0, iy: 1, section: 1 });
    expect(b.x - a.x).toBeCloseTo(38.2, 9);
    expect(c.y - a.y).toBeCloseTo(38.2, 9);
    // preshower: 15 layers of 3 mm; main: 135 layers of 3 mm.
    expect(cellSize(ecal, 0).z).toBeCloseTo(45, 9);
    expect(cellSize(ecal, 1).z).toBeCloseTo(405, 9);
    expect(c.z - a.z).toBeCloseTo(45 / 2 + 405 / 2, 9);
    expect(cellAt(ecal, { x: ecal.position.x + 500, y: 0, z: ecal.position.z })).toBeUndefined();
    expect(() => cellId(ecal, { ix: 6, iy: 0, section: 0 })).toThrow(/outside/);
  });

  test('VETO readout index counts two PMTs per paddle', () => {
    const v = getElement(getSetup('invis-2018'), 'VETO');
    expect(readoutIndex(v, { ix: 0, iy: 2, section: 0, pmt: 1 })).toBe(5);
    expect(readoutIndex(v, { ix: 0, iy: 1, section: 0, pmt: 0 })).toBe(2);
  });
});

describe('strips', () => {
  for (const id of bundledSetupIds()) {
    test(`${id}: strip -> coordinate -> strip for every strip and tube`, () => {
      let checked = 0;
      for (const element of getSetup(id).elements) {
        const seg = element.segmentation;
        if (!seg || seg.type === 'cells') continue;
        for (const plane of seg.planes) {
          for (let s = 0; s < plane.count; s++) {
            const u = stripCoordinate(element, plane.name, s);
            expect(stripAt(element, plane.name, u)).toBe(s);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(1000);
    });
  }

  test('Micromegas strips: 0.25 mm pitch centred on the element', () => {
    const mm = getElement(getSetup('invis-2018'), 'MM1');
    expect(stripCoordinate(mm, 'X', 1) - stripCoordinate(mm, 'X', 0)).toBeCloseTo(0.25, 12);
    expect((stripCoordinate(mm, 'X', 159) + stripCoordinate(mm, 'X', 160)) / 2).toBeCloseTo(mm.position.x, 9);
    expect(stripCoordinate(mm, 'Y', 0)).toBeCloseTo(mm.position.y - 40 + 0.125, 9);
    expect(stripAt(mm, 'X', mm.position.x + 41)).toBeUndefined();
  });

  test('a rotated u plane: a point on a strip measures that strip', () => {
    const base = getElement(getSetup('invis-2018'), 'GEM1');
    const element: SetupElement = {
      ...base,
      segmentation: { type: 'planes', planes: [{ name: 'U', orientation: 'u', pitch: 0.4, count: 256, dz: 0, offset: 0 }] },
    };
    for (const s of [0, 17, 128, 255]) {
      const seg = stripSegment(element, 'U', s);
      const p = { x: seg.center.x + 10 * seg.direction.x, y: seg.center.y + 10 * seg.direction.y, z: seg.center.z };
      expect(stripAt(element, 'U', measuredCoordinate(element, 'U', p))).toBe(s);
    }
  });
});

describe('material totals against hand computation', () => {
  // PDG "Atomic and nuclear properties of materials": X0 and lambda_I in g/cm^2, density g/cm^3.
  const X0 = { Pb: (6.37 / 11.35) * 10, Sc: (43.79 / 1.06) * 10 }; // mm: 5.612, 413.1
  const LAMBDA = { Pb: (199.6 / 11.35) * 10, Fe: (132.1 / 7.874) * 10, Sc: (77.07 / 1.06) * 10 };

  test('material table is in mm and GeV', () => {
    expect(material('Pb').X0).toBeCloseTo(5.612, 3);
    expect(material('Fe').lambdaI).toBeCloseTo(167.77, 1);
    expect(material('Pb').dEdxMin * 10 * 1000).toBeCloseTo(12.73, 1); // MeV/cm (DESIGN 7: 12.7)
    expect(material('Fe').dEdxMin * 10 * 1000).toBeCloseTo(11.43, 1); // 11.4
    expect(material('scintillator').dEdxMin * 10 * 1000).toBeCloseTo(2.05, 2); // 2.05
    expect(material('Pb').criticalEnergy).toBeCloseTo(0.00743, 6);
    expect(material('vacuum').X0).toBe(Infinity);
  });

  test('ECAL: 150 x (1.5 mm Pb + 1.5 mm Sc) = 40.6 X0, preshower ~4 X0, main ~36 X0', () => {
    const ecal = getElement(getSetup('invis-2018'), 'ECAL');
    const perLayer = 1.5 / X0.Pb + 1.5 / X0.Sc; // 0.2673 + 0.00363
    const t = materialTotals(ecal);
    expect(t.X0).toBeCloseTo(150 * perLayer, 6);
    expect(t.X0).toBeCloseTo(40.64, 1);
    expect(t.thickness).toBeCloseTo(450, 9);
    expect(t.lambdaI).toBeCloseTo(150 * (1.5 / LAMBDA.Pb + 1.5 / LAMBDA.Sc), 6);
    expect(sectionMaterialTotals(ecal, 0).X0).toBeCloseTo(15 * perLayer, 6);
    expect(sectionMaterialTotals(ecal, 0).X0).toBeGreaterThan(3.5);
    expect(sectionMaterialTotals(ecal, 0).X0).toBeLessThan(4.5);
    expect(sectionMaterialTotals(ecal, 1).X0).toBeCloseTo(135 * perLayer, 6);
  });

  test('HCAL: module of 48 x (25 mm Fe + 4 mm Sc) = 7.4 lambda_I', () => {
    const hcal = getElement(getSetup('invis-2018'), 'HCAL');
    const perModule = 48 * (25 / LAMBDA.Fe + 4 / LAMBDA.Sc); // 48 * (0.14901 + 0.00550)
    expect(perModule).toBeCloseTo(7.417, 2);
    for (let m = 0; m < 4; m++) expect(sectionMaterialTotals(hcal, m).lambdaI).toBeCloseTo(perModule, 6);
    expect(materialTotals(hcal).lambdaI).toBeCloseTo(4 * perModule, 6);
    expect(hcal.size.x).toBeCloseTo(582, 6);
  });
});

describe('elementAt', () => {
  test('the undeflected line hits the SRD, the deflected line the ECAL', () => {
    const setup = getSetup('invis-2018');
    const srd = getElement(setup, 'SRD');
    expect(elementAt(setup, { x: 0, y: 0, z: srd.position.z })?.name).toBe('SRD');
    expect(elementAt(setup, { x: 0, y: 0, z: getElement(setup, 'ECAL').position.z })).toBeUndefined();
    expect(elementAt(setup, { x: 0, y: 0, z: 5000 })?.name).toBe('MBPL1');
    expect(elementAt(setup, { x: 0, y: 0, z: -100 })).toBeUndefined();
  });
});
