/**
 * A reader that stops early (`cleanclaim data status | head -1`) closes the pipe; the
 * next write then fails with EPIPE, which Node raises as an unhandled stream error with a
 * stack trace. Nothing is wrong with the run: the reader has all it wanted. So on EPIPE,
 * on stdout or stderr, exit at once and quietly, with the status the run has reached
 * (0 when it has not finished). Any other stream error is still an error.
 */
export function exitQuietlyOnClosedPipe(
  streams: NodeJS.WriteStream[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    });
  }
}
