import { describe, expect, test } from 'vitest';
import {
  FormatError,
  buildChannelIndex,
  bundledSetupDocument,
  bundledSetupIds,
  channelCount,
  getSetup,
  listSetups,
  totalFieldIntegral,
  validateSetup,
} from '@na64/format';

describe('bundled setups', () => {
  test('the three documented setups are bundled', () => {
    expect(bundledSetupIds()).toEqual(['invis-2018', 'vis-2018', 'mu-2022']);
    const list = listSetups();
    expect(list.map((s) => [s.id, s.particle, s.energy])).toEqual([
      ['invis-2018', 'e-', 100],
      ['vis-2018', 'e-', 150],
      ['mu-2022', 'mu-', 160],
    ]);
  });

  test.each(bundledSetupIds())('%s validates', (id) => {
    const result = validateSetup(bundledSetupDocument(id));
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(getSetup(id).id).toBe(id);
  });

  test.each(bundledSetupIds())('%s: each read-out element uses its own source ids, all < 896', (id) => {
    const setup = getSetup(id);
    const index = buildChannelIndex(setup);
    const owners = new Map<number, string>();
    for (const element of setup.elements) {
      if (!element.readout) continue;
      const channels = index.channelsOf(element.name);
      expect(channels.length).toBe(channelCount(element));
      for (const c of channels) {
        expect(c.source).toBeLessThan(896);
        const owner = owners.get(c.source) ?? element.name;
        expect(owner).toBe(element.name);
        owners.set(c.source, element.name);
      }
    }
    expect(owners.size).toBeGreaterThan(5);
  });

  test('invis-2018 has the DESIGN 6 detector content', () => {
    const setup = getSetup('invis-2018');
    const names = setup.elements.map((e) => e.name);
    for (const n of ['S0', 'S1', 'S2', 'MM1', 'MM4', 'MBPL1', 'MBPL2', 'MM5', 'MM7', 'GEM1', 'ST1', 'SRD', 'ECAL', 'VETO', 'HCAL']) {
      expect(names).toContain(n);
    }
    const by = (n: string) => setup.elements.find((e) => e.name === n)!;
    expect(channelCount(by('ECAL'))).toBe(72);
    expect(channelCount(by('VETO'))).toBe(6);
    expect(channelCount(by('HCAL'))).toBe(36);
    expect(totalFieldIntegral(setup)).toBeCloseTo(7, 1);
    // Every element listed in beam order.
    const zs = setup.elements.map((e) => e.position.z);
    expect([...zs].sort((a, b) => a - b)).toEqual(zs);
  });

  test('MSADC calibrations keep a 100 GeV main-section shower inside 12 bits', () => {
    const ecal = getSetup('invis-2018').elements.find((e) => e.name === 'ECAL')!;
    if (ecal.readout?.digitizer !== 'msadc') throw new Error('ECAL is read by MSADCs');
    const cal = ecal.readout.calibration;
    const peds = [cal.pedestalEven, cal.pedestalOdd].flat() as number[];
    expect(Math.min(...peds)).toBeGreaterThanOrEqual(185);
    expect(Math.max(...peds)).toBeLessThanOrEqual(415);
    const gains = cal.gain as number[];
    for (let i = 36; i < 72; i++) {
      expect(100 / gains[i]! + Math.max((cal.pedestalEven as number[])[i]!, (cal.pedestalOdd as number[])[i]!)).toBeLessThan(4096);
    }
    const noise = cal.noise as number[];
    expect(Math.min(...noise)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...noise)).toBeLessThanOrEqual(4);
    expect((cal.pedestalEven as number[]).some((p, i) => p !== (cal.pedestalOdd as number[])[i])).toBe(true);
  });

  test('unknown ids give a FormatError naming the bundled ones', () => {
    expect(() => getSetup('nope')).toThrow(FormatError);
    expect(() => getSetup('nope')).toThrow(/invis-2018, vis-2018, mu-2022/);
  });

  test('getSetup returns a frozen object; bundledSetupDocument a fresh copy', () => {
    expect(Object.isFrozen(getSetup('invis-2018').elements[0])).toBe(true);
    const a = bundledSetupDocument('invis-2018');
    a.elements.pop();
    expect(bundledSetupDocument('invis-2018').elements.length).toBe(getSetup('invis-2018').elements.length);
  });
});
