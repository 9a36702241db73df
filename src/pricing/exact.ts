import { formatScaled, parseScaled, roundHalfUp } from "../model/money.js";

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
  const places = text.trim().split(".")[1]?.length ?? 0;
  const scale = Math.max(minScale, places);
  return { units: parseScaled(text, scale), scale };
}

export function fromCents(cents: bigint): Exact {
  return { units: cents, scale: 2 };
}

export const ZERO: Exact = { units: 0n, scale: 0 };

function rescale(x: Exact, scale: number): bigint {
  return x.units * 10n ** BigInt(scale - x.scale);
}

export function plus(...terms: Exact[]): Exact {
  const scale = Math.max(0, ...terms.map((t) => t.scale));
  return { units: terms.reduce((sum, t) => sum + rescale(t, scale), 0n), scale };
}

export function minus(a: Exact, b: Exact): Exact {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) - rescale(b, scale), scale };
}

export function times(...factors: Exact[]): Exact {
  return factors.reduce((p, f) => ({ units: p.units * f.units, scale: p.scale + f.scale }), {
    units: 1n,
    scale: 0,
  });
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
  return roundHalfUp(x.units, 10n ** BigInt(x.scale - 2));
}

/**
 * The exact value as text for the trace: every digit that matters, trailing zeros
 * dropped down to `minPlaces` (so 30.130951890 shows as 30.13095189).
 */
export function show(x: Exact, minPlaces = 2): string {
  let text = formatScaled(x.units, x.scale);
  if (x.scale > minPlaces) {
    const [whole, frac = ""] = text.split(".");
    const trimmed = frac.replace(/0+$/, "").padEnd(minPlaces, "0");
    text = trimmed === "" ? `${whole}` : `${whole}.${trimmed}`;
  } else if (x.scale < minPlaces) {
    text = formatScaled(rescale(x, minPlaces), minPlaces);
  }
  return text;
}

/** Cents as a two-place decimal string; bigint so sums never leave exact arithmetic. */
export function money(cents: bigint): string {
  return formatScaled(cents, 2);
}
