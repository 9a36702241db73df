import { formatScaled, parseScaled, powerOfTen, roundHalfUp } from "../model/money.js";

/**
 * An exact decimal: `units / 10^scale`. RVUs (2 places) x GPCIs (3) x the conversion
 * factor (4) need 9 places, and the MPPR, CQ/CO and non-participating factors add more;
 * a scaled bigint carries them all without loss until the one rounding per line.
 */
export interface Exact {
  readonly units: bigint;
  readonly scale: number;
}

/** Parses a decimal string ("0.45", "1", "33.4009") keeping at least `minScale` places. */
export function exact(text: string, minScale = 0): Exact {
  const places = placesOf(text);
  const scale = Math.max(minScale, places);
  return { units: parseScaled(text, scale), scale };
}

/** The digits after the point, as written (trailing zeros count): "0.450" has 3. */
function placesOf(text: string): number {
  const t = text.trim();
  const dot = t.indexOf(".");
  if (dot < 0) return 0;
  // A second point makes the text invalid (parseScaled rejects it); count as split would.
  const next = t.indexOf(".", dot + 1);
  return (next < 0 ? t.length : next) - dot - 1;
}

export function fromCents(cents: bigint): Exact {
  return { units: cents, scale: 2 };
}

export const ZERO: Exact = { units: 0n, scale: 0 };

function rescale(x: Exact, scale: number): bigint {
  return scale === x.scale ? x.units : x.units * powerOfTen(scale - x.scale);
}

export function plus(...terms: Exact[]): Exact {
  let scale = 0;
  for (const t of terms) if (t.scale > scale) scale = t.scale;
  let units = 0n;
  for (const t of terms) units += rescale(t, scale);
  return { units, scale };
}

export function minus(a: Exact, b: Exact): Exact {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) - rescale(b, scale), scale };
}

export function times(...factors: Exact[]): Exact {
  let units = 1n;
  let scale = 0;
  for (const f of factors) {
    units *= f.units;
    scale += f.scale;
  }
  return { units, scale };
}

export function timesInteger(x: Exact, n: number): Exact {
  return { units: x.units * BigInt(n), scale: x.scale };
}

/** A percentage ("20", "110", "85.5") as a factor: 20 -> 0.20. */
export function percent(text: string): Exact {
  const p = exact(text);
  return { units: p.units, scale: p.scale + 2 };
}

export function compare(a: Exact, b: Exact): number {
  const scale = Math.max(a.scale, b.scale);
  const d = rescale(a, scale) - rescale(b, scale);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/** Half-up to whole cents: the single rounding the contract allows per amount. */
export function toCents(x: Exact): bigint {
  if (x.scale <= 2) return rescale(x, 2);
  return roundHalfUp(x.units, powerOfTen(x.scale - 2));
}

/**
 * The exact value as text for the trace: every digit that matters, trailing zeros
 * dropped down to `minPlaces` (so 30.130951890 shows as 30.13095189).
 */
export function show(x: Exact, minPlaces = 2): string {
  if (x.scale < minPlaces) return formatScaled(rescale(x, minPlaces), minPlaces);
  const text = formatScaled(x.units, x.scale);
  if (x.scale === minPlaces) return text;
  // Drop trailing zeros of the fraction, keeping at least minPlaces digits.
  const dot = text.length - x.scale - 1;
  let end = text.length;
  while (end > dot + 1 + minPlaces && text.charCodeAt(end - 1) === 48) end--;
  return end === dot + 1 ? text.slice(0, dot) : text.slice(0, end);
}

/** Cents as a two-place decimal string; bigint so sums never leave exact arithmetic. */
export function money(cents: bigint): string {
  return formatScaled(cents, 2);
}
