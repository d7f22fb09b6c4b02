import { readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import {
  FormatError,
  bundledSetupDocument,
  channelCount,
  detectorName,
  elementZRange,
  fieldIntegral,
  isBundledSetup,
  listSetups,
  materialTotals,
  sectionMaterialTotals,
  totalFieldIntegral,
  validateSetup,
} from '@na64/format';
import type { Setup, SetupElement } from '@na64/format';
import { loadSetup } from '@na64/format/node';

/**
 * The stable `na64 setups show --json` document. Units: mm, GeV, T m.
 * Fields are only ever added, never renamed or removed (documented in packages/format/SETUPS.md).
 */
export interface SetupShowJson {
  id: string;
  description: string;
  runs: [number, number];
  beam: { particle: string; energy: number; energySpread: number; intensityPerSpill: number; spillLength: number };
  fieldIntegral: number;
  channels: number;
  elements: {
    name: string;
    kind: string;
    detector: string;
    position: { x: number; y: number; z: number };
    size: { x: number; y: number; z: number };
    zFront: number;
    zBack: number;
    inside: string | null;
    material: string;
    thickness: number;
    X0: number;
    lambdaI: number;
    sections: { name: string; X0: number; lambdaI: number }[];
    segmentation: string;
    channels: number;
    digitizer: string | null;
    sources: number[];
    fieldIntegral: number | null;
  }[];
}

/** Rounds to 4 significant digits (0 stays 0), keeping JSON output short and stable. */
const r = (v: number): number => (v === 0 ? 0 : Number(v.toPrecision(4)));
/** Rounds a coordinate to 0.001 mm. */
const mm = (v: number): number => Number(v.toFixed(3));

function describeMaterial(element: SetupElement): string {
  if (!element.material.length) return '-';
  return element.material
    .map((b) => {
      const layers = b.layers.map((l) => `${l.material} ${l.thickness}`).join(' + ');
      return b.repeat > 1 ? `${b.repeat} x (${layers})` : layers;
    })
    .join(', ');
}

function describeSegmentation(element: SetupElement): string {
  const seg = element.segmentation;
  if (!seg) return '-';
  if (seg.type === 'cells') {
    const pmts = seg.pmtsPerCell > 1 ? ` x ${seg.pmtsPerCell} PMTs` : '';
    return `${seg.nx}x${seg.ny} cells of ${seg.pitchX}x${seg.pitchY} mm, ${seg.sections.length} section${seg.sections.length > 1 ? 's' : ''}${pmts}`;
  }
  return seg.planes
    .map((p) => `${p.name}: ${p.count} x ${'pitch' in p ? `${p.pitch} mm strips` : `${p.tubeDiameter} mm tubes`}`)
    .join(', ');
}

function sourcesOf(element: SetupElement): number[] {
  const map = element.readout?.map;
  if (!map) return [];
  return [...new Set([...map.rules, ...map.entries].map((x) => x.source))].sort((a, b) => a - b);
}

/** The `show --json` document of a setup. */
export function describeSetup(setup: Setup): SetupShowJson {
  const elements = setup.elements.map((e) => {
    const totals = materialTotals(e);
    const [zFront, zBack] = elementZRange(e);
    const sections =
      e.segmentation?.type === 'cells' && e.material.length
        ? e.segmentation.sections.map((s, i) => {
            const t = sectionMaterialTotals(e, i);
            return { name: s.name, X0: r(t.X0), lambdaI: r(t.lambdaI) };
          })
        : [];
    return {
      name: e.name,
      kind: e.kind,
      detector: detectorName(e),
      position: { x: mm(e.position.x), y: mm(e.position.y), z: mm(e.position.z) },
      size: { ...e.size },
      zFront: mm(zFront),
      zBack: mm(zBack),
      inside: e.inside ?? null,
      material: describeMaterial(e),
      thickness: mm(totals.thickness),
      X0: r(totals.X0),
      lambdaI: r(totals.lambdaI),
      sections,
      segmentation: describeSegmentation(e),
      channels: e.readout ? channelCount(e) : 0,
      digitizer: e.readout?.digitizer ?? null,
      sources: sourcesOf(e),
      fieldIntegral: e.field ? r(fieldIntegral(e)) : null,
    };
  });
  return {
    id: setup.id,
    description: setup.description,
    runs: [setup.runs[0], setup.runs[1]],
    beam: {
      particle: setup.beam.particle,
      energy: setup.beam.energy,
      energySpread: setup.beam.energySpread,
      intensityPerSpill: setup.beam.intensityPerSpill,
      spillLength: setup.beam.spillLength,
    },
    fieldIntegral: r(totalFieldIntegral(setup)),
    channels: elements.reduce((n, e) => n + e.channels, 0),
    elements,
  };
}

function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((row) => row.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

function small(v: number): string {
  return v === 0 ? '-' : v >= 0.01 ? v.toFixed(2) : v.toExponential(1);
}

function printShow(doc: SetupShowJson): void {
  const b = doc.beam;
  const lines = [
    `${doc.id}: ${doc.description}`,
    `runs ${doc.runs[0]}..${doc.runs[1]}; beam ${b.particle} ${b.energy} GeV (spread ${b.energySpread * 100}%), ${b.intensityPerSpill.toExponential(1)} per ${b.spillLength} s spill`,
    `field integral ${doc.fieldIntegral} T m; ${doc.elements.length} elements; ${doc.channels} channels`,
    '',
    table(
      ['element', 'kind', 'z front..back', 'x', 'y', 'size x*y*z', 'X0', 'lambda', 'ch', 'readout', 'material'],
      doc.elements.map((e) => [
        e.name,
        e.kind,
        `${e.zFront}..${e.zBack}`,
        e.position.x,
        e.position.y,
        `${e.size.x}*${e.size.y}*${e.size.z}`,
        small(e.X0),
        small(e.lambdaI),
        e.channels || '-',
        e.digitizer ? `${e.digitizer} ${e.sources.join(',')}` : e.fieldIntegral !== null ? `${e.fieldIntegral} T m` : '-',
        e.material,
      ]),
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Reads a setup file (or a bundled id) as unvalidated JSON for `validate`. */
function readSetupJson(file: string): unknown {
  if (isBundledSetup(file)) return bundledSetupDocument(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FormatError(code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (error as Error).message})`, { file });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FormatError(`not valid JSON (${(error as Error).message})`, { file });
  }
}

const listCommand: CommandModule<object, { json?: boolean }> = {
  command: 'list',
  describe: 'List the bundled setups',
  builder: (y) => y.option('json', { type: 'boolean', describe: 'print JSON' }),
  handler: (argv) => {
    const list = listSetups();
    if (argv.json) {
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      `${table(['id', 'beam', 'runs', 'elements', 'description'], list.map((s) => [s.id, `${s.particle} ${s.energy} GeV`, `${s.runs[0]}..${s.runs[1]}`, s.elements, s.description]))}\n`,
    );
  },
};

const showCommand: CommandModule<object, { setup: string; json?: boolean }> = {
  command: 'show <setup>',
  describe: 'Show a setup (bundled id or JSON file): elements in beam order with z, size, material, X0/lambda, channels',
  builder: (y) =>
    y
      .positional('setup', { type: 'string', demandOption: true, describe: 'bundled setup id or path to a setup JSON file' })
      .option('json', { type: 'boolean', describe: 'print the stable JSON description (see SETUPS.md)' }),
  handler: (argv) => {
    const doc = describeSetup(loadSetup(argv.setup));
    if (argv.json) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    else printShow(doc);
  },
};

const validateCommand: CommandModule<object, { file: string }> = {
  command: 'validate <file>',
  describe: 'Validate a setup JSON file; lists every problem, one per line',
  builder: (y) => y.positional('file', { type: 'string', demandOption: true, describe: 'setup JSON file (or bundled id)' }),
  handler: (argv) => {
    const result = validateSetup(readSetupJson(argv.file));
    if (!result.ok) {
      const n = result.problems.length;
      process.stderr.write(`na64: ${argv.file}: invalid setup, ${n} problem${n === 1 ? '' : 's'}:\n`);
      for (const p of result.problems) process.stderr.write(`${p}\n`);
      process.exitCode = 1;
      return;
    }
    const s = result.setup;
    const channels = s.elements.reduce((n, e) => n + (e.readout ? channelCount(e) : 0), 0);
    process.stdout.write(`ok: ${argv.file}: setup "${s.id}", ${s.elements.length} elements, ${channels} channels, runs ${s.runs[0]}..${s.runs[1]}\n`);
  },
};

/** `na64 setups list | show <id|file> [--json] | validate <file>` */
export const setupsCommand: CommandModule<object, object> = {
  command: 'setups',
  describe: 'List, show and validate detector setups (geometry, channel maps, calibrations)',
  builder: (y: Argv) =>
    y
      .command(listCommand as CommandModule)
      .command(showCommand as unknown as CommandModule)
      .command(validateCommand as unknown as CommandModule)
      .demandCommand(1, 'Name a setups sub-command: list, show or validate.'),
  handler: () => {},
};
