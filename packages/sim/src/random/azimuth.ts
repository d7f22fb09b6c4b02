/**
 * cos and sin of a uniform azimuth phi = 2 pi u without Math.cos / Math.sin: phi = a_k + d with
 * a_k = 2 pi k / 1024 from a table and 0 <= d < 2 pi / 1024 = 6.14e-3 by its Taylor series
 * (cos d to d^4, sin d to d^5: the first terms left out, d^6 / 720 < 8e-17 and d^7 / 5040 < 7e-20,
 * are below the double rounding of the result), combined by the rotation
 *   cos(a + d) = cos a cos d - sin a sin d,   sin(a + d) = sin a cos d + cos a sin d.
 * The values equal Math.cos / Math.sin(2 pi u) to a few units of the last place, so the
 * distribution of the direction is unchanged.
 */
const TABLE_BITS = 10;
const TABLE_SIZE = 1 << TABLE_BITS;
const STEP = (2 * Math.PI) / TABLE_SIZE;
const COS = new Float64Array(TABLE_SIZE);
const SIN = new Float64Array(TABLE_SIZE);
for (let k = 0; k < TABLE_SIZE; k++) {
  COS[k] = Math.cos(k * STEP);
  SIN[k] = Math.sin(k * STEP);
}

/** Holds cos and sin of the last azimuth set (one reusable object per user: no allocation per call). */
export class Azimuth {
  cos = 1;
  sin = 0;

  /** Sets cos and sin of phi = 2 pi u, u in [0, 1). */
  set(u: number): void {
    const x = u * TABLE_SIZE;
    const k = x | 0;
    const d = (x - k) * STEP;
    const d2 = d * d;
    const cd = 1 - d2 * (0.5 - d2 * (1 / 24));
    const sd = d * (1 - d2 * (1 / 6 - d2 * (1 / 120)));
    const ca = COS[k & (TABLE_SIZE - 1)];
    const sa = SIN[k & (TABLE_SIZE - 1)];
    this.cos = ca * cd - sa * sd;
    this.sin = sa * cd + ca * sd;
  }
}
