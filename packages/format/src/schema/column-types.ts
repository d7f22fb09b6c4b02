/**
 * The physical column kinds a schema may use. Each maps to one Arrow type, one TypeScript value
 * type and one typed-array representation for batch building.
 */
export type ColumnKind = 'int32' | 'float32' | 'float64' | 'utf8' | 'list<int16>' | 'list<int32>' | 'list<float32>';

export interface ColumnDef {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Physical unit (GeV, mm, ns, rad, s) or '' for counts and ids. */
  readonly unit: string;
  readonly doc: string;
}

export interface TableDef {
  readonly name: string;
  /** What one row is. */
  readonly row: string;
  readonly columns: readonly ColumnDef[];
}

/** The TypeScript value of one cell of a column kind, as seen in row objects. */
export type ValueOf<K extends ColumnKind> = K extends 'utf8'
  ? string
  : K extends `list<${string}>`
    ? number[]
    : number;

/** The typed array a batch holds for a scalar numeric column kind. */
export type TypedArrayOf<K extends ColumnKind> = K extends 'int32'
  ? Int32Array
  : K extends 'float32'
    ? Float32Array
    : K extends 'float64'
      ? Float64Array
      : never;

/** Typed array that holds the flattened values of a list column kind. */
export type ListValuesOf<K extends ColumnKind> = K extends 'list<int16>'
  ? Int16Array
  : K extends 'list<int32>'
    ? Int32Array
    : K extends 'list<float32>'
      ? Float32Array
      : never;

/** A list column in batch form: values of row i are values[offsets[i] .. offsets[i+1]). */
export interface ListColumn<V extends Int16Array | Int32Array | Float32Array = Int16Array | Int32Array | Float32Array> {
  readonly offsets: Int32Array;
  readonly values: V;
}

/** The batch (column-wise) representation of one column kind. */
export type BatchColumnOf<K extends ColumnKind> = K extends 'utf8'
  ? readonly string[]
  : K extends `list<${string}>`
    ? ListColumn<ListValuesOf<K>>
    : TypedArrayOf<K>;

/**
 * A text column given as codes into a short list of names, for columns with few distinct values
 * (a truth particle's process, a digit's detector): each name is encoded once, no per-row strings.
 */
export interface CodedStrings {
  readonly codes: Uint8Array | Uint16Array | Int32Array;
  readonly names: readonly string[];
}

/** What `batchToArrow` accepts for a column: the batch form, or coded strings for a text column. */
export type ArrowInputColumnOf<K extends ColumnKind> = K extends 'utf8' ? readonly string[] | CodedStrings : BatchColumnOf<K>;

export function isListKind(kind: ColumnKind): kind is 'list<int16>' | 'list<int32>' | 'list<float32>' {
  return kind.startsWith('list<');
}
