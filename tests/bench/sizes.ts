import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export function gzipKb(path: string): number {
  return gzipSync(readFileSync(dist(path)), { level: 9 }).length / 1024;
}

/** Bundle sizes against DESIGN.md's budgets. */
export function bundleSizes() {
  return [
    { what: 'loader widget.js (gzip)', kb: gzipKb('widget/dist/widget.js'), budgetKb: 5 },
    { what: 'call panel, p2p (gzip)', kb: gzipKb('widget/dist/panel.js'), budgetKb: 60 },
  ];
}
