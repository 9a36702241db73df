import { describe, expect, it } from "vitest";
import { exact, show } from "../pricing/exact.js";
import { formatScaled, parseScaled, powerOfTen } from "./money.js";

/**
 * parseScaled, formatScaled and show take digit-by-digit fast paths (issue 9: they run on
 * every priced line). These are the definitions they replaced, by regex, split and bigint
 * division, kept here as the oracle: the fast paths must give the same value, text or error.
 */
function parseScaledByRegex(text: string, scale: number): bigint {
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

function formatScaledByDivision(value: bigint, scale: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const d = 10n ** BigInt(scale);
  const whole = abs / d;
  const frac = (abs % d).toString().padStart(scale, "0");
  return `${negative ? "-" : ""}${whole}${scale > 0 ? `.${frac}` : ""}`;
}

function showBySplit(units: bigint, scale: number, minPlaces: number): string {
  let text = formatScaledByDivision(units, scale);
  if (scale > minPlaces) {
    const [whole, frac = ""] = text.split(".");
    const trimmed = frac.replace(/0+$/, "").padEnd(minPlaces, "0");
    text = trimmed === "" ? `${whole}` : `${whole}.${trimmed}`;
  } else if (scale < minPlaces) {
    text = formatScaledByDivision(units * 10n ** BigInt(minPlaces - scale), minPlaces);
  }
  return text;
}

/** The value or the error message, so a throw compares like a result. */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Mulberry32: the same pseudo-random cases on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Texts of the kinds reference files and options hold, and malformed ones. */
const texts = [
  "0.45",
  "1.027",
  "33.4009",
  "32.3465",
  "0",
  "00",
  "1.",
  ".5",
  "0.450",
  "1.000",
  "12.5000000",
  "999999999999999",
  "9999999999999999",
  "99999999999999.9",
  "123456789012.34",
  "0.000000001",
  "1.0000000010",
  "-0.45",
  "-12",
  " 1.5 ",
  "1.5\n",
  "",
  ".",
  "-",
  "-.",
  "1.2.3",
  "1,5",
  "+1",
  "1e3",
  "abc",
  "0x10",
  "12345678901234567890.123",
];

describe("parseScaled (fast path against the regex definition)", () => {
  it.each(texts.flatMap((t) => [0, 2, 3, 4, 9].map((scale) => [t, scale] as const)))(
    "%j at scale %i",
    (text, scale) => {
      expect(outcome(() => parseScaled(text, scale))).toEqual(outcome(() => parseScaledByRegex(text, scale)));
    },
  );

  it("agrees on 20,000 generated decimals", () => {
    const rnd = random(9);
    const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(rnd() * 10))).join("");
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const whole = digits(Math.floor(rnd() * 12));
      const frac = rnd() < 0.8 ? `.${digits(Math.floor(rnd() * 8))}` : "";
      const text = `${rnd() < 0.05 ? "-" : ""}${whole}${frac}`;
      const scale = Math.floor(rnd() * 10);
      const a = outcome(() => parseScaled(text, scale));
      const b = outcome(() => parseScaledByRegex(text, scale));
      if (
        JSON.stringify(a, (_, v) => (typeof v === "bigint" ? `${v}n` : v)) !==
        JSON.stringify(b, (_, v) => (typeof v === "bigint" ? `${v}n` : v))
      )
        mismatches.push(`${text} @${scale}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe("formatScaled and show (fast path against division and split)", () => {
  const values = [0n, 1n, 5n, 9n, 10n, 45n, 100n, 3346n, 1000000n, 123456789n, 30130951890n, 10n ** 25n + 7n];
  const cases = values
    .flatMap((v) => [v, -v])
    .flatMap((v) => [0, 1, 2, 3, 4, 9, 12].map((s) => [v, s] as const));

  it.each(cases)("formatScaled(%s, %i)", (value, scale) => {
    expect(formatScaled(value, scale)).toBe(formatScaledByDivision(value, scale));
  });

  it.each(cases.flatMap(([v, s]) => [0, 2, 3, 4].map((m) => [v, s, m] as const)))(
    "show(%s / 10^%i, %i)",
    (units, scale, minPlaces) => {
      expect(show({ units, scale }, minPlaces)).toBe(showBySplit(units, scale, minPlaces));
    },
  );

  it("known figures read as the trace shows them", () => {
    expect(show({ units: 30130951890n, scale: 9 }, 4)).toBe("30.13095189");
    expect(show(exact("1.000"), 3)).toBe("1.000");
    expect(show(exact("33.4009"), 4)).toBe("33.4009");
    expect(show({ units: 1200000n, scale: 6 }, 0)).toBe("1.2");
    expect(show({ units: 1000000n, scale: 6 }, 0)).toBe("1");
    expect(formatScaled(-5n, 2)).toBe("-0.05");
    expect(powerOfTen(3)).toBe(1000n);
    expect(powerOfTen(45)).toBe(10n ** 45n);
  });

  it("exact keeps the places as written", () => {
    expect(exact("0.450")).toEqual({ units: 450n, scale: 3 });
    expect(exact("0.45", 4)).toEqual({ units: 4500n, scale: 4 });
    expect(exact(" 1.5 ")).toEqual({ units: 15n, scale: 1 });
    expect(exact("7")).toEqual({ units: 7n, scale: 0 });
    expect(() => exact("1.2.3")).toThrow('expected a decimal number, got "1.2.3"');
  });
});
