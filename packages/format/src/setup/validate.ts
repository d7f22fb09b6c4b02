/**
 * Validation of setup documents: the zod shape first, then the semantic rules (stack fits the
 * box, sections, overlaps along the beam, channel maps, calibrations). Every problem is one line
 * naming the element and field.
 */
import { FormatError } from '../errors.ts';
import { checkCalibrations } from './calibration.ts';
import { checkChannelMaps } from './channel-map.ts';
import { elementZRange, samplingLayers } from './geometry.ts';
import { setupSchema } from './schema.ts';
import type { Setup, SetupElement } from './schema.ts';

export type SetupValidation = { ok: true; setup: Setup } | { ok: false; problems: string[] };

const EPS = 1e-6;

function fmt(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  expected?: string;
  values?: unknown[];
  keys?: string[];
  options?: unknown[];
}

function describeIssue(issue: ZodIssueLike): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'string') {
        return `must have at least ${issue.minimum} ${issue.origin === 'array' ? 'entries' : 'characters'}`;
      }
      return `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}, got ${fmt(issue.input)}`;
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'string') {
        return `must have at most ${issue.maximum} ${issue.origin === 'array' ? 'entries' : 'characters'}`;
      }
      return `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}, got ${fmt(issue.input)}`;
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${issue.expected === 'int' ? 'an integer' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}, got ${fmt(issue.input)}`;
    case 'invalid_value':
      return `must be ${(issue.values ?? []).length === 1 ? '' : 'one of '}${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}, got ${fmt(issue.input)}`;
    case 'invalid_union':
      if (issue.options) return `must be one of ${issue.options.map((v) => JSON.stringify(v)).join(', ')}, got ${fmt(issue.input)}`;
      return `has the wrong shape (${issue.message})`;
    case 'invalid_format':
      return `${issue.message}, got ${fmt(issue.input)}`;
    default:
      return issue.message;
  }
}

function elementLabel(raw: unknown, index: number): string {
  const elements = (raw as { elements?: unknown[] } | null)?.elements;
  const name = Array.isArray(elements) ? (elements[index] as { name?: unknown } | null)?.name : undefined;
  return typeof name === 'string' && name ? `element "${name}"` : `element #${index}`;
}

function formatIssue(raw: unknown, issue: ZodIssueLike): string[] {
  let path = issue.path.map(String);
  let prefix = 'setup';
  if (issue.path[0] === 'elements' && typeof issue.path[1] === 'number') {
    prefix = elementLabel(raw, issue.path[1]);
    path = path.slice(2);
  }
  if (issue.code === 'unrecognized_keys') {
    return (issue.keys ?? []).map((k) => `${prefix}: unknown field ${[...path, k].join('.')}`);
  }
  const field = path.length ? `${path.join('.')} ` : '';
  return [`${prefix}: ${field}${describeIssue(issue)}`];
}

function isInside(setup: Setup, child: SetupElement, ancestor: SetupElement): boolean {
  let current: SetupElement | undefined = child;
  for (let guard = 0; current?.inside && guard < setup.elements.length; guard++) {
    if (current.inside === ancestor.name) return true;
    const parent: string = current.inside;
    current = setup.elements.find((e) => e.name === parent);
  }
  return false;
}

const KIND_SEGMENTATION: Partial<Record<SetupElement['kind'], 'cells' | 'planes' | 'tubes'>> = {
  calorimeter: 'cells',
  'tracker-strip': 'planes',
  straw: 'tubes',
  srd: 'cells',
};

function checkElement(setup: Setup, element: SetupElement, problems: string[]): void {
  const where = `element "${element.name}"`;
  const layers = samplingLayers(element);
  const stack = layers.reduce((t, l) => t + l.thickness, 0);
  if (stack > element.size.z + EPS) {
    problems.push(`${where}: material stack is ${+stack.toFixed(3)} mm thick, more than size.z ${element.size.z} mm`);
  }
  const seg = element.segmentation;
  const wanted = KIND_SEGMENTATION[element.kind];
  if (wanted && seg?.type !== wanted) {
    problems.push(`${where}: kind "${element.kind}" needs segmentation.type "${wanted}", got ${seg ? `"${seg.type}"` : 'none'}`);
  }
  if (element.kind === 'magnet' && !element.field) problems.push(`${where}: a magnet needs a field (By, length)`);
  if (element.field && element.field.length > element.size.z + EPS) {
    problems.push(`${where}: field.length ${element.field.length} mm is longer than size.z ${element.size.z} mm`);
  }
  if (seg?.type === 'cells') {
    if (seg.nx * seg.pitchX > element.size.x + EPS) {
      problems.push(`${where}: ${seg.nx} cells x pitchX ${seg.pitchX} mm exceed size.x ${element.size.x} mm`);
    }
    if (seg.ny * seg.pitchY > element.size.y + EPS) {
      problems.push(`${where}: ${seg.ny} cells x pitchY ${seg.pitchY} mm exceed size.y ${element.size.y} mm`);
    }
    if (layers.length === 0) {
      problems.push(`${where}: segmentation.sections need a material stack to count layers in`);
    } else {
      let next = 0;
      seg.sections.forEach((s, i) => {
        const [a, b] = s.layers;
        const f = `segmentation.sections.${i}.layers`;
        if (a > b) problems.push(`${where}: ${f} ${a}..${b} is reversed`);
        else if (b >= layers.length) problems.push(`${where}: ${f} ${a}..${b} beyond the ${layers.length} sampling layers (0..${layers.length - 1})`);
        else if (a !== next) problems.push(`${where}: ${f} must start at layer ${next} (sections are contiguous, front to back), got ${a}`);
        next = b + 1;
      });
      if (next !== layers.length && !problems.some((p) => p.startsWith(`${where}: segmentation.sections`))) {
        problems.push(`${where}: segmentation.sections cover layers 0..${next - 1} of 0..${layers.length - 1}`);
      }
    }
  } else if (seg) {
    const names = new Set<string>();
    seg.planes.forEach((p, i) => {
      const f = `segmentation.planes.${i}`;
      if (names.has(p.name)) problems.push(`${where}: ${f}.name "${p.name}" is used twice`);
      names.add(p.name);
      if (p.angle !== undefined && (p.orientation === 'x' || p.orientation === 'y')) {
        problems.push(`${where}: ${f}.angle is only for u/v planes (orientation "${p.orientation}" fixes it)`);
      }
      const pitch = 'pitch' in p ? p.pitch : p.tubeDiameter;
      const span = p.count * pitch;
      const across = p.orientation === 'x' ? element.size.x : p.orientation === 'y' ? element.size.y : Infinity;
      if (span > across + EPS) {
        problems.push(`${where}: ${f}: ${p.count} x ${pitch} mm = ${+span.toFixed(3)} mm exceed the element's ${p.orientation} size ${across} mm`);
      }
      if (Math.abs(p.dz) > element.size.z / 2 + EPS) {
        problems.push(`${where}: ${f}.dz ${p.dz} mm lies outside the element (half length ${element.size.z / 2} mm)`);
      }
    });
  }
  if (element.inside !== undefined) {
    const parent = setup.elements.find((e) => e.name === element.inside);
    if (!parent || parent === element) {
      problems.push(`${where}: inside names "${element.inside}", which is no other element of the setup`);
    } else {
      const [a, b] = elementZRange(element);
      const [c, d] = elementZRange(parent);
      if (a < c - EPS || b > d + EPS) {
        problems.push(`${where}: declared inside "${parent.name}" but its z ${a}..${b} leaves ${c}..${d}`);
      }
      if (isInside(setup, parent, element)) problems.push(`${where}: "inside" declarations form a cycle`);
    }
  }
}

/** Semantic rules on a shape-valid setup; returns the problems (empty when valid). */
export function checkSetup(setup: Setup): string[] {
  const problems: string[] = [];
  if (setup.runs[0] > setup.runs[1]) problems.push(`setup: runs ${setup.runs[0]}..${setup.runs[1]} is reversed`);
  const contamination = Object.values(setup.beam.contamination).reduce((a, b) => a + b, 0);
  if (contamination >= 1) problems.push(`setup: beam.contamination fractions add up to ${contamination}, must be < 1`);
  const seen = new Set<string>();
  for (const element of setup.elements) {
    if (seen.has(element.name)) problems.push(`element "${element.name}": name is used twice`);
    seen.add(element.name);
  }
  for (const element of setup.elements) checkElement(setup, element, problems);
  // Beam order and overlaps along z.
  const top = setup.elements.filter((e) => e.inside === undefined);
  for (let i = 1; i < top.length; i++) {
    if (top[i]!.position.z < top[i - 1]!.position.z) {
      problems.push(
        `element "${top[i]!.name}": listed after "${top[i - 1]!.name}" but its position.z ${top[i]!.position.z} is upstream of ${top[i - 1]!.position.z} (elements go in beam order)`,
      );
    }
  }
  const els = setup.elements;
  for (let i = 0; i < els.length; i++) {
    for (let j = i + 1; j < els.length; j++) {
      const a = els[i]!;
      const b = els[j]!;
      if (isInside(setup, a, b) || isInside(setup, b, a)) continue;
      const [a0, a1] = elementZRange(a);
      const [b0, b1] = elementZRange(b);
      if (a0 < b1 - EPS && b0 < a1 - EPS) {
        problems.push(
          `element "${b.name}": z ${b0}..${b1} overlaps element "${a.name}" (z ${a0}..${a1}) along the beam; declare "inside" if one contains the other`,
        );
      }
    }
  }
  problems.push(...checkChannelMaps(setup), ...checkCalibrations(setup));
  return problems;
}

/** Validates an unknown JSON value: the typed setup, or the list of problems. */
export function validateSetup(value: unknown): SetupValidation {
  const parsed = setupSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => formatIssue(value, issue as unknown as ZodIssueLike));
    return { ok: false, problems };
  }
  const problems = checkSetup(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, setup: parsed.data };
}

/**
 * Parses a setup from JSON text or an already parsed value; throws a FormatError naming
 * `fileName` with every problem, joined by "; ".
 */
export function parseSetup(json: unknown, fileName?: string): Setup {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new FormatError(`not valid JSON (${(error as Error).message})`, { file: fileName, cause: error });
    }
  }
  const result = validateSetup(value);
  if (!result.ok) {
    const n = result.problems.length;
    throw new FormatError(`invalid setup (${n} problem${n === 1 ? '' : 's'}): ${result.problems.join('; ')}`, {
      file: fileName,
    });
  }
  return result.setup;
}
