import type { Table } from 'apache-arrow';

/** Column access to a (small) Arrow table: numbers as Float64Array, strings as arrays; missing -> undefined. */
export class Columns {
  readonly length: number;
  private readonly cache = new Map<string, unknown>();
  constructor(readonly table: Table) {
    this.length = table.numRows;
  }

  has(name: string): boolean {
    return this.table.getChild(name) !== null;
  }

  /** A numeric column (NaN-filled when absent). */
  num(name: string): Float64Array {
    let v = this.cache.get(name) as Float64Array | undefined;
    if (!v) {
      const child = this.table.getChild(name);
      v = new Float64Array(this.length);
      if (!child) v.fill(Number.NaN);
      else for (let i = 0; i < this.length; i++) v[i] = Number(child.get(i));
      this.cache.set(name, v);
    }
    return v;
  }

  /** A string column ('' when absent). */
  str(name: string): string[] {
    let v = this.cache.get(`s:${name}`) as string[] | undefined;
    if (!v) {
      const child = this.table.getChild(name);
      v = [];
      for (let i = 0; i < this.length; i++) v.push(child ? String(child.get(i) ?? '') : '');
      this.cache.set(`s:${name}`, v);
    }
    return v;
  }

  /** All columns of one row as display values (lists as arrays). */
  row(i: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of this.table.schema.fields) {
      const v = this.table.getChild(f.name)!.get(i) as unknown;
      out[f.name] = v && typeof v === 'object' && 'toArray' in (v as object) ? Array.from((v as { toArray(): ArrayLike<number> }).toArray()) : typeof v === 'bigint' ? Number(v) : v;
    }
    return out;
  }
}
