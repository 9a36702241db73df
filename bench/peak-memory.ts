import fs from "node:fs";

/**
 * This process's own peak resident memory, in MB. On Linux it is VmHWM from
 * /proc/self/status: `process.resourceUsage().maxRSS` is not the process's own, because
 * Linux carries the peak of the memory image an exec replaced into it, so a child spawned
 * by a 300 MB parent reports at least 300 MB, whatever it does. Elsewhere, maxRSS.
 */
export function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // Not Linux: no /proc.
  }
  return process.resourceUsage().maxRSS / 1024;
}
