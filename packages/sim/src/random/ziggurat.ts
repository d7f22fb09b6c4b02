/**
 * Tables of the ziggurat method for standard normal deviates (G. Marsaglia, W.W. Tsang, "The
 * ziggurat method for generating random variables", J. Stat. Softw. 5 (2000) issue 8): the
 * density is covered by 128 layers of equal area v; a deviate from layer i is accepted at once
 * when it lies inside the layer's rectangle (~99% of draws), otherwise the wedge or the tail
 * beyond r is sampled exactly. The layer comes from the 7 low bits of a 32-bit draw and the
 * value from the whole draw (as in the paper's RNOR); with a 128-bit generator the two share no
 * more than the value's last 7 of 32 bits.
 */

/** Right edge of the base layer and the common layer area (Marsaglia & Tsang, 128 layers). */
export const ZIGGURAT_R = 3.442619855899;
const AREA = 9.91256303526217e-3;
const TWO_POW_31 = 2147483648;

/** |draw| < K[i]: the deviate draw * W[i] lies inside layer i's rectangle. */
export const ZIGGURAT_K = new Float64Array(128);
/** Scale from a signed 32-bit draw to x in layer i. */
export const ZIGGURAT_W = new Float64Array(128);
/** Density exp(-x^2/2) at the layers' right edges. */
export const ZIGGURAT_F = new Float64Array(128);

{
  let dn = ZIGGURAT_R;
  let tn = dn;
  const q = AREA / Math.exp(-0.5 * dn * dn);
  ZIGGURAT_K[0] = (dn / q) * TWO_POW_31;
  ZIGGURAT_K[1] = 0;
  ZIGGURAT_W[0] = q / TWO_POW_31;
  ZIGGURAT_W[127] = dn / TWO_POW_31;
  ZIGGURAT_F[0] = 1;
  ZIGGURAT_F[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(AREA / dn + Math.exp(-0.5 * dn * dn)));
    ZIGGURAT_K[i + 1] = (dn / tn) * TWO_POW_31;
    tn = dn;
    ZIGGURAT_F[i] = Math.exp(-0.5 * dn * dn);
    ZIGGURAT_W[i] = dn / TWO_POW_31;
  }
}
