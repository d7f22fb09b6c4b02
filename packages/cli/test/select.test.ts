import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsToBatch, type EventRow } from '@na64/format';
import { RunWriter } from '@na64/format/node';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

/** Runs the na64 CLI in a child process without blocking the test worker (like helpers/run-cli.ts). */
function runCli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', bin, ...args], { env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

let root: string;
let ds: string;

/** Events with known summaries and tags: 3 runs x 10 events. */
function eventRows(run: number): EventRow[] {
  return Array.from({ length: 10 }, (_, i) => {
    const invisible = i === 3;
    const dimuon = i === 7;
    return {
      run,
      spill: 1 + (i >> 2),
      event: i & 3,
      event_in_run: i,
      trigger_mask: 1,
      time: 1.6e9 + i,
      weight: 1,
      e_ecal: invisible ? 12.5 : dimuon ? 40 : 100 - i,
      e_ecal_pre: 5,
      e_hcal: dimuon ? 11.2 : 0.1 * i,
      e_hcal_modules: [0.1 * i, 0, 0, 0],
      e_wcal: 0,
      e_veto: 0,
      e_srd: i % 2 === 0 ? 0.05 : 0,
      ecal_cog_x: 20,
      ecal_cog_y: -19,
      p_in: i === 9 ? NaN : 100 + i / 10,
      n_tracks: i === 9 ? 0 : 2,
      tags: (invisible ? 1 : 0) | (dimuon ? 2 : 0) | (i % 2 === 0 || invisible ? 8 : 0),
      digits_offset: 0,
      digits_count: 0,
      hits_offset: 0,
      hits_count: 0,
      tracks_offset: 0,
      tracks_count: 0,
      truth_offset: 0,
      truth_count: 0,
    };
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'na64-select-'));
  ds = join(root, 'ds');
  for (const run of [3801, 3802, 3803]) {
    const w = await RunWriter.open(ds, run, { setupId: 'invis-2018', command: 'na64 test' });
    await w.appendEvents({ events: rowsToBatch('events', eventRows(run)) });
    await w.close();
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function json(args: string[]) {
  const r = await runCli(['select', ds, ...args, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

function expectOneLineError(r: { status: number; stderr: string; stdout: string }, pattern: RegExp): void {
  expect(r.status).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines.length, r.stderr).toBe(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
}

describe('na64 select', () => {
  it('--tag lists the events with that bit, with their summaries (stable JSON)', async () => {
    const doc = await json(['--tag', 'invisible']);
    expect(doc.filter).toEqual({ tag: 'invisible', where: null });
    expect(doc.limit).toBeNull();
    expect(doc.scanned).toBe(30);
    expect(doc.matched).toBe(3);
    expect(doc.events.map((e: { run: number; spill: number; event: number }) => [e.run, e.spill, e.event])).toEqual([
      [3801, 1, 3],
      [3802, 1, 3],
      [3803, 1, 3],
    ]);
    expect(doc.events[0]).toEqual({
      run: 3801,
      spill: 1,
      event: 3,
      event_in_run: 3,
      e_ecal: 12.5,
      e_ecal_pre: 5,
      e_hcal: 0.3,
      e_wcal: 0,
      e_veto: 0,
      e_srd: 0,
      p_in: 100.3,
      n_tracks: 2,
      tags: 9,
      tag_names: ['invisible', 'srd_tagged'],
    });
    expect((await json(['--tag', 'dimuon'])).matched).toBe(3);
  }, 180_000);

  it('--where filters on any numeric event column; NaN is null in JSON and fails comparisons', async () => {
    // e_ecal < 50: the invisible (12.5) and dimuon (40) events of each run
    expect((await json(['--where', 'e_ecal < 50'])).matched).toBe(6);
    expect((await json(['--where', 'e_ecal < 50 && !(tags & 2)'])).matched).toBe(3);
    // srd-tagged (bit 8): even events and the invisible ones, 6 per run
    expect((await json(['--where', '(tags & 8) != 0'])).matched).toBe(18);
    expect((await json(['--where', 'run == 3802 && (spill == 3 || e_hcal > 11)'])).events.map((e: { event_in_run: number }) => e.event_in_run)).toEqual([7, 8, 9]);
    const noTrack = await json(['--where', 'n_tracks == 0']);
    expect(noTrack.matched).toBe(3);
    expect(noTrack.events[0].p_in).toBeNull();
    expect((await json(['--where', 'p_in > 0 || p_in <= 0'])).matched).toBe(27);
    // a column outside the listed ones
    expect((await json(['--where', 'ecal_cog_y < -18.5 && weight == 1'])).matched).toBe(30);
    // both: tag and expression
    expect((await json(['--tag', 'srd_tagged', '--where', 'e_ecal > 95'])).matched).toBe(9);
  }, 180_000);

  it('--limit lists the first n and still counts all matches; text output ends with a count', async () => {
    const doc = await json(['--where', 'e_ecal > 0', '--limit', '4']);
    expect(doc.limit).toBe(4);
    expect(doc.matched).toBe(30);
    expect(doc.events).toHaveLength(4);
    const r = await runCli(['select', ds, '--tag', 'dimuon']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^run\s+spill\s+event\s+event_in_run\s+e_ecal/);
    expect(lines.filter((l) => /^380\d\s/.test(l))).toHaveLength(3);
    expect(lines[lines.length - 1]).toBe('3 of 30 events match');
    expect((await runCli(['select', ds, '--tag', 'x17'])).stdout.trim()).toBe('0 of 30 events match');
  }, 180_000);

  it('reports a bad expression, an unknown column or tag, and a missing filter on one line with exit 1', async () => {
    expectOneLineError(await runCli(['select', ds, '--where', 'e_ecl < 50']), /^na64: --where: unknown column "e_ecl" \(columns: run, spill, event, .*\) at position 1$/);
    expectOneLineError(await runCli(['select', ds, '--where', 'e_ecal < < 50']), /^na64: --where: unexpected "<" at position 10$/);
    expectOneLineError(await runCli(['select', ds, '--where', 'e_hcal_modules > 1']), /unknown column "e_hcal_modules"/);
    expectOneLineError(await runCli(['select', ds, '--tag', 'axion']), /^na64: unknown tag "axion"; tags: invisible, dimuon, x17, srd_tagged, pileup$/);
    expectOneLineError(await runCli(['select', ds]), /^na64: select needs --tag <name> or --where/);
    expectOneLineError(await runCli(['select', join(root, 'nope'), '--tag', 'invisible']), /no such file or directory/);
  }, 180_000);
});
