/**
 * NPI check digit: the Luhn formula over the card issuer prefix 80840 and the first
 * nine digits (CMS, "Requirements for NPI check digit", 45 CFR 162.406). The prefix
 * always adds 24 to the Luhn sum.
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  let sum = 24;
  let double = true;
  for (let i = 8; i >= 0; i--) {
    let digit = npi.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return (10 - (sum % 10)) % 10 === npi.charCodeAt(9) - 48;
}

/** Completes nine digits with their NPI check digit (for generated test and benchmark data). */
export function withNpiCheckDigit(nineDigits: string): string {
  for (let d = 0; d <= 9; d++) {
    const npi = `${nineDigits}${d}`;
    if (isValidNpi(npi)) return npi;
  }
  throw new Error(`expected nine digits, got "${nineDigits}"`);
}
