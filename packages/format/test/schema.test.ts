import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTRACT_COLUMNS, TABLES_V1, TABLE_NAMES, TOOL_VERSION, arrowSchemaOf, renderSchemaMarkdown } from '@na64/format';

describe('schema v1', () => {
  it('SCHEMA.md is generated from the definition and up to date (run pnpm schema-doc)', () => {
    const onDisk = readFileSync(new URL('../SCHEMA.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderSchemaMarkdown());
  });

  it.each(TABLE_NAMES)('%s has the contract columns with the key first', (table) => {
    const names = TABLES_V1[table].columns.map((c) => c.name);
    expect(names.slice(0, 3)).toEqual(['run', 'spill', 'event']);
    for (const c of CONTRACT_COLUMNS[table]) expect(names).toContain(c);
    expect(new Set(names).size).toBe(names.length);
  });

  it('Arrow schema follows the definition (types and non-null)', () => {
    const hits = arrowSchemaOf('hits');
    expect(hits.fields.map((f) => `${f.name}:${f.type}`)).toContain('energy:Float32');
    expect(arrowSchemaOf('digits').fields.find((f) => f.name === 'samples')!.type.toString()).toBe('List<Int16>');
    expect(hits.fields.every((f) => !f.nullable)).toBe(true);
  });

  it('key columns are int32 everywhere', () => {
    for (const t of TABLE_NAMES) for (const k of ['run', 'spill', 'event']) expect(TABLES_V1[t].columns.find((c) => c.name === k)!.kind).toBe('int32');
  });

  it('the recorded tool version is the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(TOOL_VERSION).toBe(pkg.version);
  });
});
