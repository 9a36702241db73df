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

/** 10^0 .. 10^40 as bigints: scaling by a table entry, not a bigint power, on the hot path. */
const POWERS_OF_TEN: readonly bigint[] = Object.freeze(
  Array.from({ length: 41 }, (_, i) => 10n ** BigInt(i)),
);

/** 10^n as a bigint (n a non-negative integer). */
export function powerOfTen(n: number): bigint {
  return POWERS_OF_TEN[n] ?? 10n ** BigInt(n);
}

/**
 * Parses a decimal string ("0.45", "1.027", "33.4009") into a scaled bigint with
 * exactly `scale` places. Throws when the text has more places than the scale.
 */
export function parseScaled(text: string, scale: number): bigint {
  return parseScaledPlain(text, scale) ?? parseScaledChecked(text, scale);
}

/**
 * The common case without a regex or a split: plain digits with at most one point, up to
 * 15 significant digits (exact as a Number), no sign or space, within the scale.
 * Undefined for anything else, which parseScaledChecked reads (and rejects) as before.
 */
function parseScaledPlain(text: string, scale: number): bigint | undefined {
  const length = text.length;
  if (length === 0 || length > 16 || !Number.isInteger(scale) || scale < 0) return undefined;
  let value = 0;
  let digits = 0;
  let dot = -1;
  // Fraction digits up to the last non-zero one count; trailing zeros do not.
  let pendingZeros = 0;
  let places = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (dot >= 0) return undefined;
      dot = i;
      continue;
    }
    if (c < 48 || c > 57) return undefined;
    digits++;
    if (dot < 0) {
      value = value * 10 + (c - 48);
    } else if (c === 48) {
      pendingZeros++;
    } else {
      value = value * 10 ** (pendingZeros + 1) + (c - 48);
      places += pendingZeros + 1;
      pendingZeros = 0;
    }
  }
  if (digits === 0 || digits > 15 || places > scale) return undefined;
  return BigInt(value) * powerOfTen(scale - places);
}

function parseScaledChecked(text: string, scale: number): bigint {
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
  if (!Number.isInteger(scale) || scale < 0) return formatScaledByDivision(value, scale);
  const negative = value < 0n;
  // The digits of |value| with the point put in: the same text as dividing by 10^scale.
  const digits = (negative ? -value : value).toString();
  const sign = negative ? "-" : "";
  if (scale === 0) return `${sign}${digits}`;
  if (digits.length <= scale) return `${sign}0.${digits.padStart(scale, "0")}`;
  const cut = digits.length - scale;
  return `${sign}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

function formatScaledByDivision(value: bigint, scale: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const d = 10n ** BigInt(scale);
  const whole = abs / d;
  const frac = (abs % d).toString().padStart(scale, "0");
  return `${negative ? "-" : ""}${whole}${scale > 0 ? `.${frac}` : ""}`;
}
