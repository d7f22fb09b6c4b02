import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { bundledSetupDocument } from '@na64/format';

const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'na64-setups-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function na64(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function brokenFile(): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const doc = bundledSetupDocument('invis-2018') as any;
  const ecal = doc.elements.find((e: { name: string }) => e.name === 'ECAL');
  ecal.segmentation.pitchX = -38.2;
  doc.elements.find((e: { name: string }) => e.name === 'MM1').size.z = 0;
  const file = join(dir, 'broken.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

describe('na64 setups', () => {
  test('list names the bundled setups', () => {
    const r = na64('setups', 'list');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/invis-2018\s+e- 100 GeV/);
    expect(r.stdout).toMatch(/vis-2018\s+e- 150 GeV/);
    expect(r.stdout).toMatch(/mu-2022\s+mu- 160 GeV/);
  });

  test('show prints elements in beam order with X0, lambda and channels', () => {
    const r = na64('setups', 'show', 'invis-2018');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('field integral 7 T m');
    const ecal = r.stdout.split('\n').find((l) => l.startsWith('ECAL '))!;
    expect(ecal).toMatch(/17000\.\.17450/);
    expect(ecal).toMatch(/40\.6\d\s+1\.59\s+72\s+msadc 610/);
    const order = ['S0', 'MM1', 'MBPL1', 'SRD', 'ECAL', 'VETO', 'HCAL'].map((n) => r.stdout.indexOf(`\n${n} `));
    expect(order.every((p) => p > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('show --json is the documented document', () => {
    const r = na64('setups', 'show', 'vis-2018', '--json');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.id).toBe('vis-2018');
    expect(doc.beam.energy).toBe(150);
    const wcal = doc.elements.find((e: { name: string }) => e.name === 'WCAL');
    expect(Object.keys(wcal)).toEqual([
      'name', 'kind', 'detector', 'position', 'size', 'zFront', 'zBack', 'inside', 'material', 'thickness',
      'X0', 'lambdaI', 'sections', 'segmentation', 'channels', 'digitizer', 'sources', 'fieldIntegral',
    ]);
    expect(wcal.X0).toBeGreaterThan(30);
    expect(wcal.X0).toBeLessThan(40);
    expect(wcal.sections.map((s: { name: string }) => s.name)).toEqual(['S1', 'S2', 'S3', 'catcher']);
    expect(wcal.channels).toBe(4);
  });

  test('show and validate accept a setup file', () => {
    const doc = bundledSetupDocument('mu-2022');
    doc.id = 'my-mu';
    const file = join(dir, 'my-mu.json');
    writeFileSync(file, JSON.stringify(doc));
    const show = na64('setups', 'show', file);
    expect(show.status).toBe(0);
    expect(show.stdout).toMatch(/^my-mu: /);
    const ok = na64('setups', 'validate', file);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^ok: .*my-mu\.json: setup "my-mu", 19 elements, \d+ channels/);
  });

  test('validate lists every problem of a broken file, one per line, exit 1', () => {
    const file = brokenFile();
    const r = na64('setups', 'validate', file);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(`na64: ${file}: invalid setup, 2 problems:`);
    expect(lines.slice(1)).toEqual([
      'element "MM1": size.z must be > 0, got 0',
      'element "ECAL": segmentation.pitchX must be > 0, got -38.2',
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('show on a broken file is a one-line error without stack trace', () => {
    const file = brokenFile();
    const r = na64('setups', 'show', file);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^na64: .*broken\.json: invalid setup \(2 problems\): element "MM1": size\.z must be > 0, got 0; element "ECAL": segmentation\.pitchX must be > 0, got -38\.2$/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  test('missing files and unknown ids are one-line errors', () => {
    const r = na64('setups', 'validate', join(dir, 'nope.json'));
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`na64: ${join(dir, 'nope.json')}: no such file`);
    const s = na64('setups', 'show', 'invis-2099');
    expect(s.status).toBe(1);
    expect(s.stderr.trim().split('\n')).toHaveLength(1);
    expect(s.stderr).toMatch(/no bundled setup or file of that name/);
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, '{ "id": ');
    const j = na64('setups', 'validate', notJson);
    expect(j.status).toBe(1);
    expect(j.stderr).toMatch(/bad\.json: not valid JSON/);
  });
});
