import {
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  List,
  RecordBatch,
  Struct,
  Schema,
  Table,
  Utf8,
  makeData,
  makeVector,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { FormatError } from '../errors.ts';
import { isListKind, type CodedStrings, type ColumnDef, type ColumnKind, type ListColumn } from './column-types.ts';
import type { ArrowInputOf, BatchOf, RowOf } from './rows.ts';
import { TABLES_V1, type TableName } from './v1.ts';

export function arrowTypeOf(kind: ColumnKind): DataType {
  switch (kind) {
    case 'int32':
      return new Int32();
    case 'float32':
      return new Float32();
    case 'float64':
      return new Float64();
    case 'utf8':
      return new Utf8();
    case 'list<int16>':
      return new List(new Field('item', new Int16(), false));
    case 'list<int32>':
      return new List(new Field('item', new Int32(), false));
    case 'list<float32>':
      return new List(new Field('item', new Float32(), false));
  }
}

export function columnsOf(table: TableName): readonly ColumnDef[] {
  return TABLES_V1[table].columns;
}

/** The Arrow schema of a table; every column is non-nullable (missing values are NaN or -1). */
export function arrowSchemaOf(table: TableName, metadata?: Map<string, string>): Schema {
  const fields = columnsOf(table).map((c) => new Field(c.name, arrowTypeOf(c.kind), false));
  return new Schema(fields, metadata);
}

function listValuesFor(kind: ColumnKind, values: ArrayLike<number>): Int16Array | Int32Array | Float32Array {
  if (kind === 'list<int16>') return values instanceof Int16Array ? values : Int16Array.from(values);
  if (kind === 'list<int32>') return values instanceof Int32Array ? values : Int32Array.from(values);
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

function scalarArrayFor(kind: ColumnKind, values: ArrayLike<number>): Int32Array | Float32Array | Float64Array {
  if (kind === 'int32') return values instanceof Int32Array ? values : Int32Array.from(values);
  if (kind === 'float32') return values instanceof Float32Array ? values : Float32Array.from(values);
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

function vectorOf(def: ColumnDef, column: unknown, length: number, table: TableName): Vector {
  const where = `${table}.${def.name}`;
  if (def.kind === 'utf8') {
    if (isCodedStrings(column)) return codedUtf8Vector(column, where);
    if (!Array.isArray(column)) throw new FormatError(`column ${where}: expected an array of strings`);
    return utf8Vector(column as string[], where);
  }
  if (isListKind(def.kind)) {
    const list = column as ListColumn;
    if (!list || !(list.offsets instanceof Int32Array)) throw new FormatError(`column ${where}: expected { offsets: Int32Array, values }`);
    if (list.offsets.length !== length + 1) throw new FormatError(`column ${where}: ${list.offsets.length} offsets for ${length} rows (expected rows + 1)`);
    const values = listValuesFor(def.kind, list.values);
    if (list.offsets[length] !== values.length) throw new FormatError(`column ${where}: last offset ${list.offsets[length]} but ${values.length} values`);
    const type = arrowTypeOf(def.kind) as List;
    const child = makeData({ type: type.children[0].type, length: values.length, data: values });
    return makeVector(makeData({ type, length, nullCount: 0, valueOffsets: list.offsets, child }));
  }
  const values = scalarArrayFor(def.kind, column as ArrayLike<number>);
  return makeVector(values);
}

const textEncoder = new TextEncoder();

/**
 * Builds a Utf8 vector directly from strings, as coded strings: detector and process names
 * repeat, so each distinct string is encoded once and runs of equal strings are copied at once.
 */
function utf8Vector(strings: readonly string[], where: string): Vector {
  const codeOf = new Map<string, number>();
  const names: string[] = [];
  const codes = new Int32Array(strings.length);
  // Neighbouring rows mostly hold the same string (digits and hits come grouped by detector).
  let last: string | undefined;
  let lastCode = 0;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    if (s !== last || i === 0) {
      let code = codeOf.get(s);
      if (code === undefined) {
        code = names.length;
        names.push(String(s));
        codeOf.set(s, code);
      }
      last = s;
      lastCode = code;
    }
    codes[i] = lastCode;
  }
  return codedUtf8Vector({ codes, names }, where);
}

function isCodedStrings(column: unknown): column is CodedStrings {
  return typeof column === 'object' && column !== null && 'codes' in column && 'names' in column;
}

/** A Utf8 vector from coded strings: each name encoded once, then copied per run of equal codes. */
function codedUtf8Vector({ codes, names }: CodedStrings, where: string): Vector {
  const encoded = encodeNames(names);
  const offsets = utf8Offsets(codes, encoded.lengths, where);
  const data = new Uint8Array(offsets[codes.length]);
  fillRuns(data, codes, offsets, encoded);
  return makeVector(makeData({ type: new Utf8(), length: codes.length, nullCount: 0, valueOffsets: offsets, data }));
}

/** Runs of equal codes up to this many bytes are copied byte by byte: a native copy costs about as much. */
const SHORT_RUN_BYTES = 16;

/** Per code: its name's UTF-8 byte length, and from `starts[code]` in `repeats` the name repeated to at least SHORT_RUN_BYTES bytes. */
interface EncodedNames {
  repeats: Uint8Array;
  starts: Int32Array;
  lengths: Int32Array;
}

function encodeNames(names: readonly string[]): EncodedNames {
  const encoded = names.map((n) => textEncoder.encode(n));
  const lengths = Int32Array.from(encoded, (e) => e.length);
  const copies = encoded.map((e) => (e.length === 0 ? 0 : Math.ceil(SHORT_RUN_BYTES / e.length)));
  const starts = new Int32Array(names.length);
  let total = 0;
  encoded.forEach((e, c) => {
    starts[c] = total;
    total += copies[c] * e.length;
  });
  const repeats = new Uint8Array(total);
  encoded.forEach((e, c) => {
    for (let k = 0; k < copies[c]; k++) repeats.set(e, starts[c] + k * e.length);
  });
  return { repeats, starts, lengths };
}

/** Each row's start in the text bytes (and their total at the end); throws at the first code without a name. */
function utf8Offsets(codes: CodedStrings['codes'], lengths: Int32Array, where: string): Int32Array {
  const offsets = new Int32Array(codes.length + 1);
  let total = 0;
  let code = 0;
  let length = 0;
  for (let i = 0; i < codes.length; i++) {
    // Looked up and checked once per run of equal codes (and at row 0, whatever its code).
    if (i === 0 || codes[i] !== code) {
      code = codes[i];
      length = lengths[code];
      if (length === undefined) throw new FormatError(`column ${where}: row ${i} has code ${code} but there are ${lengths.length} names`);
    }
    total += length;
    offsets[i + 1] = total;
  }
  return offsets;
}

/**
 * Per code, where `data` already holds the longest stretch of its name repeated (start and byte
 * count): a long run is copied from there in one native call instead of name by name.
 */
interface RunTemplates {
  at: Int32Array;
  bytes: Int32Array;
}

function fillRuns(data: Uint8Array, codes: CodedStrings['codes'], offsets: Int32Array, names: EncodedNames): void {
  const templates: RunTemplates = { at: new Int32Array(names.lengths.length), bytes: new Int32Array(names.lengths.length) };
  for (let i = 0; i < codes.length; ) {
    const code = codes[i];
    let end = i + 1;
    while (end < codes.length && codes[end] === code) end++;
    const at = offsets[i];
    const runBytes = offsets[end] - at;
    if (runBytes <= SHORT_RUN_BYTES) copyRepeats(data, at, runBytes, names, code);
    else fillLongRun(data, at, runBytes, names, code, templates);
    i = end;
  }
}

/** The first `byteCount` bytes of the code's repeated name into data at `at`. */
function copyRepeats(data: Uint8Array, at: number, byteCount: number, names: EncodedNames, code: number): void {
  const from = names.starts[code];
  for (let k = 0; k < byteCount; k++) data[at + k] = names.repeats[from + k];
}

function fillLongRun(data: Uint8Array, at: number, runBytes: number, names: EncodedNames, code: number, templates: RunTemplates): void {
  let filled = 0;
  if (templates.bytes[code] === 0) {
    const length = names.lengths[code];
    filled = length * Math.max(1, Math.floor(SHORT_RUN_BYTES / length));
    copyRepeats(data, at, filled, names, code);
  }
  while (filled < runBytes) {
    // Once this run holds more than the template, it becomes the template: the copies double.
    offerTemplate(templates, code, at, filled);
    const chunk = Math.min(runBytes - filled, templates.bytes[code]);
    data.copyWithin(at + filled, templates.at[code], templates.at[code] + chunk);
    filled += chunk;
  }
  offerTemplate(templates, code, at, filled);
}

/** Makes data[at, at + bytes) the code's template if it is longer than the one so far. */
function offerTemplate(templates: RunTemplates, code: number, at: number, bytes: number): void {
  if (bytes <= templates.bytes[code]) return;
  templates.at[code] = at;
  templates.bytes[code] = bytes;
}

/** Number of rows of a batch, checking that every column has the same length. */
export function batchLength<T extends TableName>(table: T, batch: BatchOf<T> | ArrowInputOf<T>): number {
  let length = -1;
  for (const def of columnsOf(table)) {
    const column = (batch as Record<string, unknown>)[def.name];
    if (column === undefined) throw new FormatError(`batch for ${table} lacks column "${def.name}"`);
    const n = isListKind(def.kind) ? (column as ListColumn).offsets.length - 1 : isCodedStrings(column) ? column.codes.length : (column as ArrayLike<unknown>).length;
    if (length === -1) length = n;
    else if (n !== length) throw new FormatError(`batch for ${table}: column "${def.name}" has ${n} rows, expected ${length}`);
  }
  return length;
}

/** Builds an Arrow table from a column batch; numeric typed arrays are used without copying. */
export function batchToArrow<T extends TableName>(table: T, batch: BatchOf<T> | ArrowInputOf<T>, metadata?: Map<string, string>): Table {
  const length = batchLength(table, batch);
  const schema = arrowSchemaOf(table, metadata);
  const children = columnsOf(table).map((def) => {
    const vector = vectorOf(def, (batch as Record<string, unknown>)[def.name], length, table);
    return vector.data.length === 1 ? vector.data[0] : makeVector(vector.toArray()).data[0];
  });
  const data = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children });
  return new Table(schema, [new RecordBatch(schema, data)]);
}

/** Column batch from plain row objects (tests, small tools). */
export function rowsToBatch<T extends TableName>(table: T, rows: readonly RowOf<T>[]): BatchOf<T> {
  const out: Record<string, unknown> = {};
  for (const def of columnsOf(table)) {
    const values = rows.map((r) => (r as Record<string, unknown>)[def.name]);
    if (def.kind === 'utf8') out[def.name] = values.map((v) => String(v));
    else if (isListKind(def.kind)) {
      const offsets = new Int32Array(rows.length + 1);
      const flat: number[] = [];
      values.forEach((v, i) => {
        flat.push(...(v as number[]));
        offsets[i + 1] = flat.length;
      });
      out[def.name] = { offsets, values: listValuesFor(def.kind, flat) };
    } else out[def.name] = scalarArrayFor(def.kind, values as number[]);
  }
  return out as BatchOf<T>;
}

/** Plain row objects from an Arrow table of a schema table (tests, display panels). */
export function arrowToRows<T extends TableName>(table: T, arrow: Table): RowOf<T>[] {
  const defs = columnsOf(table).filter((d) => arrow.getChild(d.name));
  const columns = defs.map((d) => ({ def: d, vector: arrow.getChild(d.name)! }));
  const rows: RowOf<T>[] = [];
  for (let i = 0; i < arrow.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (const { def, vector } of columns) {
      const v = vector.get(i);
      row[def.name] = isListKind(def.kind) ? Array.from((v as Vector | null)?.toArray() ?? []) : v;
    }
    rows.push(row as RowOf<T>);
  }
  return rows;
}

/** An Arrow table of a schema table with no rows. */
export function emptyArrowTable(table: TableName): Table {
  const out: Record<string, unknown> = {};
  for (const def of columnsOf(table)) {
    if (def.kind === 'utf8') out[def.name] = [];
    else if (isListKind(def.kind)) out[def.name] = { offsets: new Int32Array(1), values: listValuesFor(def.kind, []) };
    else out[def.name] = scalarArrayFor(def.kind, []);
  }
  return batchToArrow(table, out as BatchOf<typeof table>);
}
