// How the browser benchmarks write numbers and table rows in markdown.
// Transfer sizes are decimal (KB, MB: 1,000 and 1,000,000 bytes), as network
// sizes usually are; memory is binary (KiB, MiB), as the native half writes it.

const count = (x) => Math.round(x).toLocaleString("en");

export const ms = (x) => (x == null || Number.isNaN(x) ? "n/a" : `${count(x)} ms`);

export const us = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${x.toFixed(1)} µs`);

/** Requests per second for a time per request in microseconds. */
export const perSecond = (microseconds) => count(1e6 / microseconds);

export const kb = (x) => (x == null ? "n/a" : `${(x / 1000).toFixed(1)} KB`);

export const mb = (x) => `${(x / 1e6).toFixed(2)} MB`;

export function mib(x) {
  if (x == null) return "n/a";
  if (Math.abs(x) >= 2 ** 20) return `${(x / 2 ** 20).toFixed(1)} MiB`;
  return `${Math.round(x / 1024)} KiB`;
}

export const signed = (x) => (x >= 0 ? `+${mib(x)}` : `−${mib(-x)}`);

export const thousands = (x) => (x == null ? "n/a" : x.toLocaleString("en"));

/** One markdown table row. */
export const row = (cells) => `| ${cells.join(" | ")} |`;

/** A markdown table's header row and the rule under it. */
export const header = (cells) => [row(cells), `|${cells.map(() => "---").join("|")}|`];
