/**
 * A tiny, safe expression language for candidate lists over events columns, e.g.
 * `e_ecal < 50 && e_hcal < 1`, `tags & x17`, `!(e_veto > 0.004) || n_tracks >= 2`.
 * No eval: tokens -> recursive-descent parser -> closures. Identifiers are column names, or tag
 * names (invisible, dimuon, x17, ...) which stand for their bit values.
 *
 * Grammar (lowest precedence first): or (`||`), and (`&&`), bitwise or (`|`), bitwise and (`&`),
 * equality (`==` `!=`), comparison (`<` `<=` `>` `>=`), sum (`+` `-`), product (`*` `/` `%`),
 * unary (`!` `-`), primary (number, identifier, `( ... )`, `true`, `false`).
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

/** Values of the referenced columns for one row. */
export type RowAccess = (column: string) => number;
type Node = (row: RowAccess) => number;

export interface CompiledExpression {
  /** The source text. */
  text: string;
  /** Columns the expression reads (so a loader fetches only these). */
  columns: string[];
  /** Evaluates for one row; non-zero / true means selected. */
  evaluate(row: RowAccess): number;
  /** True when the row is selected. */
  test(row: RowAccess): boolean;
}

/**
 * Compiles an expression. `constants` are names that are not columns (tag names -> bits);
 * `knownColumns`, when given, makes unknown identifiers an error naming the columns.
 */
export function compileExpression(text: string, constants: Record<string, number> = {}, knownColumns?: readonly string[]): CompiledExpression {
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
  const compare = binary(sum, { '<': (a, b) => +(a < b), '<=': (a, b) => +(a <= b), '>': (a, b) => +(a > b), '>=': (a, b) => +(a >= b) });
  const equality = binary(compare, { '==': (a, b) => +(a === b), '!=': (a, b) => +(a !== b) });
  const bitAnd = binary(equality, { '&': (a, b) => a & b });
  const bitOr = binary(bitAnd, { '|': (a, b) => a | b });
  const and = (): Node => {
    let left = bitOr();
    while (isOp('&&')) {
      k++;
      const l = left;
      const r = bitOr();
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
    test: (row) => {
      const v = root(row);
      return v !== 0 && !Number.isNaN(v);
    },
  };
}
