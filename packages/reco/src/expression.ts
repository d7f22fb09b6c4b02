/**
 * A small, safe expression language over numeric event columns (no eval): used by
 * `na64 select --where`. Grammar, loosest binding first:
 *
 *   expr    := and ('||' and)*
 *   and     := not ('&&' not)*
 *   not     := '!' not | compare
 *   compare := bits (('<' | '<=' | '>' | '>=' | '==' | '!=') bits)?
 *   bits    := sum ('&' sum)*            bitwise and on integers, e.g. (tags & 8) != 0
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/') unary)*
 *   unary   := '-' unary | primary
 *   primary := number | column | '(' expr ')'
 *
 * Numbers: 12, 0.5, 1e-3. Column names: letters, digits and '_'. Comparisons and logic give
 * 1 or 0; a value is true when it is neither 0 nor NaN; comparisons with NaN are false.
 * `&` binds tighter than comparisons (unlike C), so `tags & 1 == 1` means `(tags & 1) == 1`.
 */

/** A bad expression: unknown column or syntax error; the message is one line. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Tok = { kind: 'num'; value: number; pos: number } | { kind: 'id'; value: string; pos: number } | { kind: 'op'; value: string; pos: number } | { kind: 'end'; pos: number };

const OPS = ['||', '&&', '<=', '>=', '==', '!=', '<', '>', '!', '&', '+', '-', '*', '/', '(', ')'];

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
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
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) throw new ExpressionError(`bad expression: unexpected character "${c}" at position ${i + 1}`);
    out.push({ kind: 'op', value: op, pos: i });
    i += op.length;
  }
  out.push({ kind: 'end', pos: text.length });
  return out;
}

/** A compiled expression: `evaluate(row)` over the columns bound with `bind`. */
export interface CompiledExpression {
  /** Column names the expression reads, in order of first use. */
  readonly columns: readonly string[];
  /** Binds column arrays (by name) and returns the row predicate. */
  bind(columns: Readonly<Record<string, ArrayLike<number>>>): (row: number) => boolean;
}

type Node = (cols: ArrayLike<number>[], row: number) => number;

const truthy = (v: number): boolean => v !== 0 && !Number.isNaN(v);

/**
 * Parses an expression over the given column names. Throws ExpressionError for a syntax error
 * or an unknown column (naming the known ones).
 */
export function compileExpression(text: string, knownColumns: readonly string[]): CompiledExpression {
  const toks = tokenize(text);
  let p = 0;
  const used: string[] = [];
  const peek = () => toks[p];
  const describe = (t: Tok) => (t.kind === 'end' ? 'end of expression' : t.kind === 'num' ? `number ${t.value}` : `"${t.value}"`);
  const fail = (what: string): never => {
    const t = peek();
    throw new ExpressionError(`bad expression: expected ${what} at position ${t.pos + 1}, found ${describe(t)}`);
  };
  const isOp = (v: string) => {
    const t = peek();
    return t.kind === 'op' && t.value === v;
  };

  const primary = (): Node => {
    const t = peek();
    if (t.kind === 'num') {
      p++;
      const v = t.value;
      return () => v;
    }
    if (t.kind === 'id') {
      p++;
      if (!knownColumns.includes(t.value)) {
        throw new ExpressionError(`unknown column "${t.value}" at position ${t.pos + 1}; columns: ${knownColumns.join(', ')}`);
      }
      let k = used.indexOf(t.value);
      if (k < 0) k = used.push(t.value) - 1;
      return (cols, row) => cols[k][row];
    }
    if (isOp('(')) {
      p++;
      const e = orExpr();
      if (!isOp(')')) fail('")"');
      p++;
      return e;
    }
    return fail('a number, a column or "("');
  };
  const unary = (): Node => {
    if (isOp('-')) {
      p++;
      const e = unary();
      return (c, r) => -e(c, r);
    }
    return primary();
  };
  const product = (): Node => {
    let left = unary();
    while (isOp('*') || isOp('/')) {
      const op = (peek() as { value: string }).value;
      p++;
      const a = left;
      const b = unary();
      left = op === '*' ? (c, r) => a(c, r) * b(c, r) : (c, r) => a(c, r) / b(c, r);
    }
    return left;
  };
  const sum = (): Node => {
    let left = product();
    while (isOp('+') || isOp('-')) {
      const op = (peek() as { value: string }).value;
      p++;
      const a = left;
      const b = product();
      left = op === '+' ? (c, r) => a(c, r) + b(c, r) : (c, r) => a(c, r) - b(c, r);
    }
    return left;
  };
  const bits = (): Node => {
    let left = sum();
    while (isOp('&')) {
      p++;
      const a = left;
      const b = sum();
      left = (c, r) => a(c, r) & b(c, r);
    }
    return left;
  };
  const compare = (): Node => {
    const a = bits();
    const t = peek();
    if (t.kind === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(t.value)) {
      p++;
      const b = bits();
      switch (t.value) {
        case '<':
          return (c, r) => (a(c, r) < b(c, r) ? 1 : 0);
        case '<=':
          return (c, r) => (a(c, r) <= b(c, r) ? 1 : 0);
        case '>':
          return (c, r) => (a(c, r) > b(c, r) ? 1 : 0);
        case '>=':
          return (c, r) => (a(c, r) >= b(c, r) ? 1 : 0);
        case '==':
          return (c, r) => (a(c, r) === b(c, r) ? 1 : 0);
        default:
          return (c, r) => {
            const x = a(c, r);
            const y = b(c, r);
            return x !== y && !Number.isNaN(x) && !Number.isNaN(y) ? 1 : 0;
          };
      }
    }
    return a;
  };
  const notExpr = (): Node => {
    if (isOp('!')) {
      p++;
      const e = notExpr();
      return (c, r) => (truthy(e(c, r)) ? 0 : 1);
    }
    return compare();
  };
  const andExpr = (): Node => {
    let left = notExpr();
    while (isOp('&&')) {
      p++;
      const a = left;
      const b = notExpr();
      left = (c, r) => (truthy(a(c, r)) && truthy(b(c, r)) ? 1 : 0);
    }
    return left;
  };
  function orExpr(): Node {
    let left = andExpr();
    while (isOp('||')) {
      p++;
      const a = left;
      const b = andExpr();
      left = (c, r) => (truthy(a(c, r)) || truthy(b(c, r)) ? 1 : 0);
    }
    return left;
  }

  if (peek().kind === 'end') throw new ExpressionError('bad expression: it is empty');
  const root = orExpr();
  if (peek().kind !== 'end') fail('an operator or the end');
  return {
    columns: used,
    bind(columns) {
      const cols = used.map((name) => {
        const a = columns[name];
        if (!a) throw new ExpressionError(`column "${name}" was not provided`);
        return a;
      });
      return (row) => truthy(root(cols, row));
    },
  };
}
