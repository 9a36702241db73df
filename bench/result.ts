/** One benchmark figure, as `npm run bench -- --json` prints it. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The package or program measured in the same run. */
  peer?: string;
  /** Our figure over the peer's, oriented so that above 1 means we are ahead. */
  ratio?: number;
}

export function round(value: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}
