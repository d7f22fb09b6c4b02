/**
 * Special functions used by the physics models and the random generators.
 *
 * - lnGamma: Lanczos approximation (g = 7, n = 9 coefficients; C. Lanczos, SIAM J. Numer. Anal.
 *   B1 (1964) 86; coefficient set as tabulated by P. Godfrey), relative accuracy ~1e-15.
 * - gammaP / gammaQ: regularised incomplete gamma functions by series (x < a + 1) and Lentz
 *   continued fraction (x >= a + 1), as in Numerical Recipes 3rd ed., section 6.2.
 * - erf / erfc: through the incomplete gamma function, erf(x) = P(1/2, x^2).
 */

// Lanczos coefficients, g = 7, n = 9 (Godfrey's table, used e.g. in many numerical libraries).
const LANCZOS_G = 7;
const LANCZOS_C = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Gamma(x) for x > 0 (reflection formula for x < 0.5). */
export function lnGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Gamma(x) Gamma(1-x) = pi / sin(pi x)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  }
  const z = x - 1;
  let s = LANCZOS_C[0];
  for (let i = 1; i < LANCZOS_G + 2; i++) s += LANCZOS_C[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Gamma(x) for x > 0. */
export function gammaFunction(x: number): number {
  return Math.exp(lnGamma(x));
}

const EPS = 1e-15;
const FPMIN = 1e-300;

function gammaSeries(a: number, x: number, gln: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let n = 0; n < 10000; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - gln);
}

function gammaContinuedFraction(a: number, x: number, gln: number): number {
  // Modified Lentz evaluation of the continued fraction for Q(a, x).
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - gln) * h;
}

/** Regularised lower incomplete gamma function P(a, x) = gamma(a, x) / Gamma(a), a > 0. */
export function gammaP(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`gammaP: a must be > 0, got ${a}`);
  return gammaPWithLnGamma(a, x, lnGamma(a));
}

/**
 * P(a, x) given lnGammaA = lnGamma(a) (a > 0 not checked): the same value as gammaP, for callers
 * that evaluate many x at one a.
 */
export function gammaPWithLnGamma(a: number, x: number, lnGammaA: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  if (x < a + 1) return gammaSeries(a, x, lnGammaA);
  return 1 - gammaContinuedFraction(a, x, lnGammaA);
}

/** Regularised upper incomplete gamma function Q(a, x) = 1 - P(a, x). */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`gammaQ: a must be > 0, got ${a}`);
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const gln = lnGamma(a);
  if (x < a + 1) return 1 - gammaSeries(a, x, gln);
  return gammaContinuedFraction(a, x, gln);
}

/** Error function. */
export function erf(x: number): number {
  if (x === 0) return 0;
  const p = gammaP(0.5, x * x);
  return x > 0 ? p : -p;
}

/** Complementary error function, accurate in the far tail for x > 0. */
export function erfc(x: number): number {
  if (x >= 0) return x === 0 ? 1 : gammaQ(0.5, x * x);
  return 1 + gammaP(0.5, x * x);
}
