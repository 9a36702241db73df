/**
 * X12 dates (CCYYMMDD, and YYMMDD in ISA09), checked on the text in place: the reader
 * sees one per service line, so it avoids regexes and Date objects.
 */

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function number(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** True when text[start, end) is a real calendar date as CCYYMMDD (or YYMMDD when `shortYear`). */
export function isX12DateAt(text: string, start: number, end: number, shortYear = false): boolean {
  const yearLength = shortYear ? 2 : 4;
  if (end - start !== yearLength + 4) return false;
  const year = number(text, start, yearLength);
  const month = number(text, start + yearLength, 2);
  const day = number(text, start + yearLength + 2, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const fullYear = shortYear ? 2000 + year : year;
  const leap = fullYear % 4 === 0 && (fullYear % 100 !== 0 || fullYear % 400 === 0);
  const limit = month === 2 && leap ? 29 : (daysInMonth[month - 1] as number);
  return day <= limit;
}

/** CCYYMMDD (or the start of a CCYYMMDD-CCYYMMDD range) as YYYY-MM-DD; "" when not a real date. */
export function isoFromX12Date(text: string): string {
  if (text.length < 8 || !isX12DateAt(text, 0, 8)) return "";
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}
