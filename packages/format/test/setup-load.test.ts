import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FormatError, bundledSetupDocument, getSetup } from '@na64/format';
import { loadSetup } from '@na64/format/node';

const dir = mkdtempSync(join(tmpdir(), 'na64-setup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSetup', () => {
  test('a bundled id', () => {
    expect(loadSetup('vis-2018')).toBe(getSetup('vis-2018'));
  });

  test('a JSON file with a user setup', () => {
    const doc = bundledSetupDocument('mu-2022');
    doc.id = 'my-mu';
    const file = join(dir, 'my-mu.json');
    writeFileSync(file, JSON.stringify(doc, null, 1));
    const setup = loadSetup(file);
    expect(setup.id).toBe('my-mu');
    expect(setup.elements.length).toBe(getSetup('mu-2022').elements.length);
  });

  test('a broken file gives a FormatError naming the file', () => {
    const doc = bundledSetupDocument('mu-2022') as { elements: { name: string; size: { x: number } }[] };
    doc.elements[0]!.size.x = -1;
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(doc));
    expect(() => loadSetup(file)).toThrow(FormatError);
    expect(() => loadSetup(file)).toThrow(`${file}: invalid setup (1 problem): element "S0": size.x must be > 0, got -1`);
  });

  test('a missing file or unknown id', () => {
    expect(() => loadSetup(join(dir, 'nothing.json'))).toThrow(/nothing\.json: no such file/);
    expect(() => loadSetup('invis-2099')).toThrow(/invis-2099: no bundled setup or file of that name \(bundled: invis-2018/);
  });
});
