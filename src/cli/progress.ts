import cliProgress from "cli-progress";

/** A progress bar on a terminal (stderr); silent otherwise so pipes stay clean. */
export function progressBar(label: string, total: number): { increment(): void; stop(): void } {
  if (!process.stderr.isTTY || total < 1) return { increment() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total}`, stream: process.stderr, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { increment: () => bar.increment(), stop: () => bar.stop() };
}
