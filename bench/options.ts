/** The value after `--name` on the command line, or `fallback` when it is not given. */
export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return (i >= 0 ? process.argv[i + 1] : undefined) ?? fallback;
}

/** A positive whole number after `--name` (households, runs, rows), or `fallback`; anything else stops the benchmark. */
export function countOption(name: string, fallback: number): number {
  const v = Number(option(name, String(fallback)));
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} needs a positive whole number`);
  return v;
}
