import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHttpLoader } from '@na64/display';
import { startDisplayServer, type DisplayServer } from '../src/display-server/index.ts';
import { writeDisplayDataset, type DisplayDataset } from '../../../test/helpers/display-dataset.ts';
import { loaderConformance } from '../../display/test/loader-conformance.ts';
import { runCli } from './helpers/run-cli.ts';

let dir: string;
let data: DisplayDataset;
let server: DisplayServer;

/** A raw HTTP request (no URL normalisation, unlike fetch), so traversal attempts reach the server as sent. */
function raw(path: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'na64-display-server-'));
  data = await writeDisplayDataset(join(dir, 'ds'), { setupId: 'vis-2018' });
  await mkdir(join(dir, 'app'));
  await writeFile(join(dir, 'app', 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(dir, 'secret.txt'), 'outside');
  await symlink(join(dir, 'secret.txt'), join(dir, 'ds', 'leak.txt'));
  await symlink(join(dir, 'secret.txt'), join(dir, 'app', 'leak.txt'));
  await symlink(join(dir, 'ds', 'dataset.json'), join(dir, 'ds', 'inside-link.json'));
  server = await startDisplayServer({ appDir: join(dir, 'app'), datasetDir: data.dir, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('display server', () => {
  it('binds to 127.0.0.1 on a free port and serves the app', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.port).toBeGreaterThan(0);
    expect(server.appUrl).toBe(`${server.url}?data=/data/`);
    const r = await raw('/');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toContain('<title>app</title>');
  });

  it('answers Range requests with 206 and exactly the requested bytes', async () => {
    const file = (await readFile(join(data.dir, 'dataset.json')));
    const r = await raw('/data/dataset.json', 'GET', { Range: 'bytes=10-29' });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe(`bytes 10-29/${file.length}`);
    expect(r.body.equals(file.subarray(10, 30))).toBe(true);
    const tail = await raw('/data/dataset.json', 'GET', { Range: 'bytes=-16' });
    expect(tail.status).toBe(206);
    expect(tail.body.equals(file.subarray(file.length - 16))).toBe(true);
    const bad = await raw('/data/dataset.json', 'GET', { Range: `bytes=${file.length + 10}-` });
    expect(bad.status).toBe(416);
  });

  it('answers HEAD with the size and no body', async () => {
    const file = await readFile(join(data.dir, 'dataset.json'));
    const r = await raw('/data/dataset.json', 'HEAD');
    expect(r.status).toBe(200);
    expect(Number(r.headers['content-length'])).toBe(file.length);
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect(r.body.length).toBe(0);
  });

  it('refuses .. and encoded traversal out of the dataset and the app', async () => {
    for (const path of ['/data/../secret.txt', '/data/%2e%2e/secret.txt', '/data/..%2fsecret.txt', '/data/%2E%2E%2Fsecret.txt', '/../secret.txt', '/%2e%2e/secret.txt', '/data/..%5csecret.txt', '/data/%00']) {
      const r = await raw(path);
      expect([400, 403, 404], path).toContain(r.status);
      expect(r.body.toString()).not.toContain('outside');
    }
  });

  it('refuses symlinks that point outside, follows those that stay inside', async () => {
    expect((await raw('/data/leak.txt')).status).toBe(403);
    expect((await raw('/leak.txt')).status).toBe(403);
    const inside = await raw('/data/inside-link.json');
    expect(inside.status).toBe(200);
    expect(JSON.parse(inside.body.toString()).schema).toBe('na64-event-data');
  });

  it('answers 404 for missing files and 405 for other methods', async () => {
    expect((await raw('/data/nope.parquet')).status).toBe(404);
    expect((await raw('/data/dataset.json', 'POST')).status).toBe(405);
  });
});

// The browser path: the HTTP loader over this server passes the shared loader conformance test.
loaderConformance('HTTP loader through the display server', async () => openHttpLoader(server.dataUrl), () => data);

describe('na64 display', () => {
  it('missing dataset: one clear line, exit 1', () => {
    const r = runCli(['display', join(dir, 'no-such-dataset'), '--port', '0']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`na64: dataset ${join(dir, 'no-such-dataset')} does not exist`);
  });

  it('a directory that is not a dataset: one clear line', () => {
    const r = runCli(['display', join(dir, 'app'), '--port', '0']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no dataset\.json found; not a dataset directory/);
  });
});
