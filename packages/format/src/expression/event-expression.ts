import { TAGS } from '../schema/v1.ts';
/**
 * A small, safe expression language over event columns, shared by `na64 select --where` and the
 * display's candidate lists, e.g. `e_ecal < 50 && e_hcal < 1`, `tags & x17`,
 * `!(e_veto > 0.004) || n_tracks >= 2`. No eval: tokens -> recursive-descent parser -> closures.
 * Identifiers are column names, or constants given by the caller (tag names -> bits).
 *
 * Grammar (lowest precedence first): or (`||`), and (`&&`), equality (`==` `!=`), comparison
 * (`<` `<=` `>` `>=`), bitwise or (`|`), bitwise and (`&`), sum (`+` `-`), product (`*` `/` `%`),
 * unary (`!` `-`), primary (number, identifier, `( ... )`, `true`, `false`). Bitwise operators
 * bind tighter than comparisons (as in Python, unlike C), so `tags & 8 != 0` tests bit 8.
 * A value is true when it is neither 0 nor NaN; comparisons with NaN are false.
 */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position + 1}`);
    this.name = 'ExpressionError';
  }
}

type Token = { kind: 'num'; value: number; pos: number } | { kind: 'id'; value: string; pos: number } | { kind: 'op'; value: string; pos: number } | { kind: 'end'; pos: number };

const OPERATORS = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '&', '|', '(', ')'];

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      out.push({ kind: 'num', value: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id) {
      out.push({ kind: 'id', value: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected character "${c}"`, i);
    out.push({ kind: 'op', value: op, pos: i });
    i += op.length;
  }
  out.push({ kind: 'end', pos: text.length });
  return out;
}

const truthy = (v: number): boolean => v !== 0 && !Number.isNaN(v);

/** Values of the referenced columns for one row. */
export type RowAccess = (column: string) => number;
type Node = (row: RowAccess) => number;

export interface CompiledExpression {
  /** The source text. */
  text: string;
  /** Columns the expression reads, in order of first use (so a reader fetches only these). */
  columns: string[];
  /** Evaluates for one row; non-zero / true means selected. */
  evaluate(row: RowAccess): number;
  /** True when the row is selected. */
  test(row: RowAccess): boolean;
  /** Binds column arrays by name; returns the predicate over row numbers. */
  bind(columns: Readonly<Record<string, ArrayLike<number>>>): (row: number) => boolean;
}

export interface ExpressionOptions {
  /** Names that stand for numbers rather than columns (e.g. tag names -> bits). */
  constants?: Readonly<Record<string, number>>;
  /** When given, an identifier that is neither a constant nor one of these is an error. */
  columns?: readonly string[];
}

/** Compiles an expression; throws ExpressionError (one line, with the position) for bad input. */
export function compileExpression(text: string, options: ExpressionOptions = {}): CompiledExpression {
  const constants = options.constants ?? {};
  const knownColumns = options.columns;
  const tokens = tokenize(text);
  let k = 0;
  const columns = new Set<string>();
  const peek = () => tokens[k];
  const isOp = (v: string) => {
    const t = tokens[k];
    return t.kind === 'op' && t.value === v;
  };
  const expect = (v: string) => {
    if (!isOp(v)) throw new ExpressionError(`expected "${v}"`, tokens[k].pos);
    k++;
  };
  const binary = (next: () => Node, ops: Record<string, (a: number, b: number) => number>): (() => Node) => {
    return () => {
      let left = next();
      for (;;) {
        const t = peek();
        if (t.kind !== 'op' || !(t.value in ops)) return left;
        k++;
        const f = ops[t.value];
        const l = left;
        const r = next();
        left = (row) => f(l(row), r(row));
      }
    };
  };
  const primary = (): Node => {
    const t = peek();
    if (t.kind === 'num') {
      k++;
      const v = t.value;
      return () => v;
    }
    if (t.kind === 'id') {
      k++;
      const name = t.value;
      if (name === 'true') return () => 1;
      if (name === 'false') return () => 0;
      if (name in constants) {
        const v = constants[name];
        return () => v;
      }
      if (knownColumns && !knownColumns.includes(name)) {
        throw new ExpressionError(`unknown column "${name}" (columns: ${knownColumns.join(', ')})`, t.pos);
      }
      columns.add(name);
      return (row) => row(name);
    }
    if (isOp('(')) {
      k++;
      const inner = or();
      expect(')');
      return inner;
    }
    throw new ExpressionError(t.kind === 'end' ? 'unexpected end of expression' : `unexpected "${t.value}"`, t.pos);
  };
  const unary = (): Node => {
    if (isOp('!')) {
      k++;
      const a = unary();
      return (row) => (a(row) ? 0 : 1);
    }
    if (isOp('-')) {
      k++;
      const a = unary();
      return (row) => -a(row);
    }
    return primary();
  };
  const product = binary(unary, { '*': (a, b) => a * b, '/': (a, b) => a / b, '%': (a, b) => a % b });
  const sum = binary(product, { '+': (a, b) => a + b, '-': (a, b) => a - b });
  const bitAnd = binary(sum, { '&': (a, b) => a & b });
  const bitOr = binary(bitAnd, { '|': (a, b) => a | b });
  const compare = binary(bitOr, { '<': (a, b) => +(a < b), '<=': (a, b) => +(a <= b), '>': (a, b) => +(a > b), '>=': (a, b) => +(a >= b) });
  // NaN != x is false too: a missing value never selects.
  const equality = binary(compare, { '==': (a, b) => +(a === b), '!=': (a, b) => +(a !== b && !Number.isNaN(a) && !Number.isNaN(b)) });
  const and = (): Node => {
    let left = equality();
    while (isOp('&&')) {
      k++;
      const l = left;
      const r = equality();
      left = (row) => (l(row) && r(row) ? 1 : 0);
    }
    return left;
  };
  function or(): Node {
    let left = and();
    while (isOp('||')) {
      k++;
      const l = left;
      const r = and();
      left = (row) => (l(row) || r(row) ? 1 : 0);
    }
    return left;
  }
  if (tokens.length === 1) throw new ExpressionError('empty expression', 0);
  const root = or();
  if (peek().kind !== 'end') {
    const t = peek() as Exclude<Token, { kind: 'end' }>;
    throw new ExpressionError(`unexpected "${t.value}"`, t.pos);
  }
  return {
    text,
    columns: [...columns],
    evaluate: root,
    test: (row) => truthy(root(row)),
    bind: (cols) => {
      const access = (row: number): RowAccess => (name) => cols[name][row];
      for (const c of columns) if (!cols[c]) throw new ExpressionError(`no column "${c}" was bound`, 0);
      return (row) => truthy(root(access(row)));
    },
  };
}

/** Tag names of events.tags as expression constants (`tags & x17`). */
export function tagBits(): Record<string, number> {
  return Object.fromEntries(Object.entries(TAGS).map(([name, t]) => [name, t.bit]));
}
