/** ISO calendar dates (YYYY-MM-DD). Compared as strings, which sort chronologically. */
export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `text` is a real calendar date in YYYY-MM-DD form. */
export function isIsoDate(text: string): boolean {
  const m = ISO.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Converts CMS YYYYMMDD to YYYY-MM-DD; returns undefined when not a real date. */
export function fromYyyymmdd(text: string): IsoDate | undefined {
  const t = text.trim();
  if (!/^\d{8}$/.test(t)) return undefined;
  const iso = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`;
  return isIsoDate(iso) ? iso : undefined;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Adds calendar months, clamping to the month's last day (2025-01-31 + 1 month = 2025-02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const t = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return t.toISOString().slice(0, 10);
}

/** Today's date in UTC as YYYY-MM-DD. */
export function today(): IsoDate {
  return new Date().toISOString().slice(0, 10);
}
