import { readSheet, type SheetData } from "read-excel-file/node";
import { ImportError } from "./errors.js";

/**
 * The first sheet of an xlsx workbook as csv text, the way CMS's own csv exports look:
 * one line per sheet row, so that csv line numbers are spreadsheet row numbers. Reading
 * a workbook is asynchronous, so it happens once, when the inputs are gathered, and every
 * parser stays synchronous.
 */
export async function workbookToCsv(input: Buffer, source: string): Promise<Buffer> {
  let sheet: SheetData;
  try {
    sheet = await readSheet(input);
  } catch (error) {
    throw new ImportError(source, undefined, `unreadable xlsx workbook (${(error as Error).message})`);
  }
  // Line breaks inside a cell (wrapped descriptions) become spaces, keeping one line per row.
  const lines = sheet.map((row) =>
    row.map((value) => csvField(cellText(value).replace(/\r?\n/g, " "))).join(","),
  );
  return Buffer.from(`${lines.join("\n")}\n`, "utf8");
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  // A cell formatted as a date comes back as a Date; CMS files write dates YYYYMMDD.
  if (value instanceof Date) return value.toISOString().slice(0, 10).replaceAll("-", "");
  return String(value);
}

function csvField(text: string): string {
  return /[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
