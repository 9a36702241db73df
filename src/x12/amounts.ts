import type { Cents } from "../model/money.js";

/**
 * Reads an X12 "R" amount ("500", "12.5", "-3.25") as integer cents. Returns undefined
 * when it is not a number or has more than two decimal places (which money cannot be).
 * A hand-written scan: the reader calls it for every line.
 */
export function centsFromX12(text: string): Cents | undefined {
  const length = text.length;
  let i = 0;
  let negative = false;
  if (length > 0 && text.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let whole = 0;
  let wholeDigits = 0;
  for (; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    whole = whole * 10 + digit;
    wholeDigits++;
  }
  let fraction = 0;
  let fractionDigits = 0;
  if (i < length) {
    if (text.charCodeAt(i) !== 46) return undefined;
    for (i++; i < length; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return undefined;
      if (fractionDigits >= 2) {
        if (digit !== 0) return undefined;
        continue;
      }
      fraction = fraction * 10 + digit;
      fractionDigits++;
    }
  }
  if (wholeDigits + fractionDigits === 0 || wholeDigits > 13) return undefined;
  if (fractionDigits === 1) fraction *= 10;
  const cents = whole * 100 + fraction;
  return negative ? -cents : cents;
}

/**
 * Writes cents as an X12 "R" amount: no trailing zeros after the decimal point and no
 * point for whole amounts ("45", "12.5", "12.25"), as the X12 standard recommends.
 */
export function x12FromCents(cents: Cents): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const fraction = abs % 100;
  const text =
    fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(2, "0").replace(/0$/, "")}`;
  return negative ? `-${text}` : text;
}

/** Reads an X12 "R" quantity ("2", "1.5") as a number; undefined when not numeric. */
export function quantityFromX12(text: string): number | undefined {
  // Whole numbers are the common case: read them without a regex.
  let whole = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    whole = whole * 10 + digit;
  }
  if (i === text.length && i > 0 && i < 16) return whole;
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(text)) return undefined;
  return Number(text);
}

/** Cents as the contract's money text, "45.00" (the reader's hot path; same output as formatCents). */
export function moneyText(cents: Cents): string {
  const negative = cents < 0;
  const abs = negative ? -cents : cents;
  const fraction = abs % 100;
  const text = `${(abs - fraction) / 100}.${fraction < 10 ? "0" : ""}${fraction}`;
  return negative ? `-${text}` : text;
}
