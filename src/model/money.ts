/**
 * Money is integer cents inside cleanclaim and a two-place decimal string at the
 * boundaries ("28.79"). Never a binary float (contract conventions).
 */
export type Cents = number;

const MONEY = /^-?\d{1,12}(\.\d{1,2})?$/;

/** True when `text` is a decimal amount with at most two places. */
export function isMoney(text: string): boolean {
  return MONEY.test(text);
}

/** Parses "28.79", "28.7" or "28" into cents. Throws on anything else. */
export function parseCents(text: string): Cents {
  if (!MONEY.test(text)) throw new Error(`expected a decimal amount such as "28.79", got "${text}"`);
  const negative = text.startsWith("-");
  const [whole = "0", frac = ""] = (negative ? text.slice(1) : text).split(".");
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return negative ? -cents : cents;
}

/** Formats cents as a two-place decimal string: 2879 -> "28.79". */
export function formatCents(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`cents must be a safe integer, got ${cents}`);
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}

/**
 * Divides a non-negative scaled integer by 10^scale and rounds half-up.
 * Used to bring exact products (RVU x GPCI x CF) back to cents.
 */
export function roundHalfUp(value: bigint, divisor: bigint): bigint {
  if (divisor <= 0n) throw new Error("divisor must be positive");
  if (value < 0n) return -roundHalfUp(-value, divisor);
  return (value * 2n + divisor) / (divisor * 2n);
}

/**
 * Parses a decimal string ("0.45", "1.027", "33.4009") into a scaled bigint with
 * exactly `scale` places. Throws when the text has more places than the scale.
 */
export function parseScaled(text: string, scale: number): bigint {
  const t = text.trim();
  if (!/^-?\d*(\.\d*)?$/.test(t) || t === "" || t === "." || t === "-") {
    throw new Error(`expected a decimal number, got "${text}"`);
  }
  const negative = t.startsWith("-");
  const [whole = "", frac = ""] = (negative ? t.slice(1) : t).split(".");
  const trimmed = frac.replace(/0+$/, "");
  if (trimmed.length > scale) throw new Error(`"${text}" has more than ${scale} decimal places`);
  const v =
    BigInt(whole || "0") * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, "0").slice(0, scale) || "0");
  return negative ? -v : v;
}

/** Formats a scaled bigint as a decimal string with `scale` places. */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const d = 10n ** BigInt(scale);
  const whole = abs / d;
  const frac = (abs % d).toString().padStart(scale, "0");
  return `${negative ? "-" : ""}${whole}${scale > 0 ? `.${frac}` : ""}`;
}
