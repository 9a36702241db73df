import { fromYyyymmdd, type IsoDate, isIsoDate } from "../../model/dates.js";
import { fail, type Place } from "./errors.js";

/** Field checks: each names the column in words and quotes the bad value. */

const DECIMAL = /^-?\d+(\.\d+)?$|^-?\.\d+$/;
const CODE = /^[0-9A-Z]{5}$/;

export function decimal(value: string, what: string, at: Place): string {
  if (!DECIMAL.test(value)) fail(at, `expected a decimal ${what}, got "${value}"`);
  // A leading dot (".5") is normalised so that every decimal string has an integer part.
  return value.startsWith(".") ? `0${value}` : value.startsWith("-.") ? `-0${value.slice(1)}` : value;
}

export function wholeNumber(value: string, what: string, at: Place): number {
  if (!/^\d+$/.test(value)) fail(at, `expected a whole number ${what}, got "${value}"`);
  return Number(value);
}

/** A 5-character CPT or HCPCS code. */
export function procedureCode(value: string, what: string, at: Place): string {
  const code = value.toUpperCase();
  if (!CODE.test(code)) fail(at, `expected a 5-character ${what}, got "${value}"`);
  return code;
}

export function yyyymmdd(value: string, what: string, at: Place): IsoDate {
  const date = fromYyyymmdd(value);
  if (date === undefined) fail(at, `expected ${what} as YYYYMMDD, got "${value}"`);
  return date;
}

export function optionalYyyymmdd(value: string, what: string, at: Place): IsoDate | null {
  return value === "" ? null : yyyymmdd(value, what, at);
}

export function isoDate(value: string, what: string, at: Place): IsoDate {
  if (!isIsoDate(value)) fail(at, `expected ${what} as YYYY-MM-DD, got "${value}"`);
  return value;
}

export function optionalIsoDate(value: string, what: string, at: Place): IsoDate | null {
  return value === "" ? null : isoDate(value, what, at);
}

/** Two-digit locality number: CMS writes "1" in some files and "01" in others. */
export function localityNumber(value: string, at: Place): string {
  if (!/^\d{1,2}$/.test(value)) fail(at, `expected a locality number, got "${value}"`);
  return value.padStart(2, "0");
}

/** Five-digit MAC number: spreadsheet round trips drop its leading zero ("2102"). */
export function macNumber(value: string, at: Place): string {
  if (!/^\d{4,5}$/.test(value)) fail(at, `expected a 5-digit MAC number, got "${value}"`);
  return value.padStart(5, "0");
}

/** Locality names carry footnote markers ("ALASKA*", "WYOMING**"). */
export function withoutFootnoteMarks(name: string): string {
  return name.replace(/\*+/g, "").replace(/\s+/g, " ").trim();
}
