/**
 * Money helpers. Amounts are euros at the boundary and integer cents inside calculations, so sums and
 * comparisons are exact. Rounding is half away from zero, to cents.
 */
export type Cents = number;

/** Euros → integer cents, rounding half away from zero (1.005 → 101, not 100 from binary noise). */
export function eurToCents(eur: number): Cents {
  const scaled = Number((Math.abs(eur) * 100).toPrecision(15));
  return Math.sign(eur) * Math.round(scaled) || 0;
}

export function centsToEur(cents: Cents): number {
  return cents / 100;
}

/** Rounds an euro amount to cents. */
export function roundEur(eur: number): number {
  return centsToEur(eurToCents(eur));
}

/** `quantity × unitPriceEur` in cents, exact to the cent (quantity may be fractional, e.g. 1.5 hours). */
export function multiplyToCents(quantity: number, unitPriceEur: number): Cents {
  const priceCents = eurToCents(unitPriceEur);
  const product = Number((quantity * priceCents).toPrecision(15));
  return Math.sign(product) * Math.round(Math.abs(product)) || 0;
}

/** Share of an amount given in basis points (8500 = 85 %), rounded down to the cent. */
export function shareFloorCents(amount: Cents, basisPoints: number): Cents {
  return Math.floor((amount * basisPoints) / 10_000);
}
