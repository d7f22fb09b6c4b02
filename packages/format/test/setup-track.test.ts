import { describe, expect, test } from 'vitest';
import { bendAngle, cellAt, getElement, getSetup, interpolateTrack, totalFieldIntegral, traceTrack } from '@na64/format';

describe('tracks through a setup', () => {
  const setup = getSetup('invis-2018');

  test('100 GeV e- in invis-2018 bends by ~21 mrad (within 10%) towards +x', () => {
    const result = traceTrack(setup, { momentum: 100, charge: -1 });
    expect(result.deflection).toBeGreaterThan(0.021 * 0.9);
    expect(result.deflection).toBeLessThan(0.021 * 1.1);
    // Exact arc and the thin-lens 0.3 B L / p agree to O(theta^2) for a small bend.
    const thin = (0.299792458 * totalFieldIntegral(setup)) / 100;
    expect(Math.abs(result.deflection / thin - 1)).toBeLessThan(2e-4);
    expect(result.stoppedAt).toBeUndefined();
  });

  test('the bent 100 GeV beam reaches ECAL cell (3, 3) and crosses the ECAL and HCAL', () => {
    const result = traceTrack(setup, { momentum: 100 });
    const ecal = getElement(setup, 'ECAL');
    const p = interpolateTrack(result.points, ecal.position.z);
    expect(cellAt(ecal, p)).toEqual({ ix: 3, iy: 3, section: 1 });
    const crossed = result.crossings.map((c) => c.element);
    expect(crossed).toContain('MM7');
    expect(crossed).toContain('ECAL');
    expect(crossed).toContain('HCAL');
    expect(crossed).not.toContain('SRD');
    const ecalCrossing = result.crossings.find((c) => c.element === 'ECAL')!;
    expect(ecalCrossing.X0).toBeGreaterThan(40);
    expect(ecalCrossing.X0).toBeLessThan(41);
  });

  test('a straight (neutral) line goes to the SRD, not the ECAL', () => {
    const result = traceTrack(setup, { charge: 0, momentum: 100 });
    expect(result.deflection).toBe(0);
    const crossed = result.crossings.map((c) => c.element);
    expect(crossed).toContain('SRD');
    expect(crossed).not.toContain('ECAL');
  });

  test('charge sign: positive particles bend towards -x in By > 0, thin lens agrees with arcs', () => {
    const minus = traceTrack(setup, { momentum: 50, charge: -1 });
    const plus = traceTrack(setup, { momentum: 50, charge: +1 });
    const thin = traceTrack(setup, { momentum: 50, charge: +1, thinLens: true });
    expect(plus.deflection).toBeCloseTo(-minus.deflection, 12);
    expect(plus.deflection).toBeLessThan(0);
    expect(Math.abs(thin.deflection / plus.deflection - 1)).toBeLessThan(1e-3);
    const end = (r: typeof plus) => r.points[r.points.length - 1]!;
    expect(end(thin).x).toBeCloseTo(end(plus).x, 0);
    expect(bendAngle(3.5, 100, +1)).toBeCloseTo(-0.0104927, 6);
  });

  test('a low-momentum track curls up inside the first magnet', () => {
    // R = p / (0.3 B) = 0.1 / (0.3 * 1.75) m = 19 cm < 2 m field length.
    const result = traceTrack(setup, { momentum: 0.1 });
    expect(result.stoppedAt?.element).toBe('MBPL1');
  });

  test('slopes and vertical motion pass through', () => {
    const result = traceTrack(setup, { momentum: Infinity, start: { x: 1, y: 2, z: 0 }, tx: 0.001, ty: -0.002, zEnd: 10000 });
    const end = result.points[result.points.length - 1]!;
    expect(end.z).toBe(10000);
    expect(end.x).toBeCloseTo(11, 9);
    expect(end.y).toBeCloseTo(-18, 9);
  });
});
