import { InputError } from "../model/validate.js";

/** Output format: text on a terminal, JSON otherwise (contract §5). */
export type Format = "json" | "text";

export function resolveFormat(
  requested: string | undefined,
  stream: NodeJS.WriteStream = process.stdout,
): Format {
  if (requested === "json" || requested === "text") return requested;
  if (requested !== undefined)
    throw new InputError([{ path: "--format", message: `expected json or text, got "${requested}"` }]);
  return stream.isTTY ? "text" : "json";
}

/** Colour only on a terminal that wants it (NO_COLOR honoured). */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

export const paint = {
  red: (s: string, on: boolean) => (on ? `\x1b[31m${s}\x1b[0m` : s),
  yellow: (s: string, on: boolean) => (on ? `\x1b[33m${s}\x1b[0m` : s),
  green: (s: string, on: boolean) => (on ? `\x1b[32m${s}\x1b[0m` : s),
  dim: (s: string, on: boolean) => (on ? `\x1b[2m${s}\x1b[0m` : s),
  bold: (s: string, on: boolean) => (on ? `\x1b[1m${s}\x1b[0m` : s),
};

/** Exit statuses of the contract: 0 clean, 1 error findings, 2 unusable input. */
export const EXIT = { clean: 0, findings: 1, input: 2 } as const;

let status: number = EXIT.clean;

/** Commands report their outcome here; the worst status wins. */
export function setExitStatus(code: number): void {
  status = Math.max(status, code);
}

export function exitStatus(): number {
  return status;
}

export function resetExitStatus(): void {
  status = EXIT.clean;
}
