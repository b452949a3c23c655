import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

function gzipBytes(path: string): number {
  return gzipSync(readFileSync(dist(path)), { level: 9 }).length;
}

export function gzipKb(path: string): number {
  return gzipBytes(path) / 1024;
}

/** Modules plus the chunks they import statically (what loading them really fetches), each once, gzip bytes. */
function withStaticImports(...paths: string[]): number {
  const files = new Set<string>();
  const visit = (path: string) => {
    if (files.has(path)) return;
    files.add(path);
    const dir = path.slice(0, path.lastIndexOf('/') + 1);
    const source = readFileSync(dist(path), 'utf8');
    for (const [, spec] of source.matchAll(/(?:^|[;\s])import\s*(?:[\w{}$,\s*]+from\s*)?["'](\.\.?\/[^"']+)["']/g)) {
      visit(new URL(spec as string, `file:///${dir}`).pathname.slice(1));
    }
  };
  for (const path of paths) visit(path);
  return [...files].reduce((sum, file) => sum + gzipBytes(file), 0);
}

function chunk(prefix: string): string {
  const file = readdirSync(dist('widget/dist/chunks')).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`no ${prefix} chunk in widget/dist/chunks: run pnpm build`);
  return `widget/dist/chunks/${file}`;
}

/** Bundle sizes against DESIGN.md's budgets. */
export function bundleSizes() {
  return [
    { what: 'loader widget.js (gzip)', kb: gzipKb('widget/dist/widget.js'), budgetKb: 2 },
    {
      what: 'call panel, p2p (gzip, with its chunks)',
      kb: withStaticImports('widget/dist/panel.js') / 1024,
      budgetKb: 60,
    },
    {
      what: 'call panel with the page-view recorder (gzip, with their chunks)',
      kb: withStaticImports('widget/dist/panel.js', chunk('pageRecorder-')) / 1024,
      budgetKb: 60,
    },
    // Fetched by every page once it has loaded (availability beside the button, callbacks due);
    // the panel reuses its language chunk. Not a DESIGN.md budget: ours, to keep it small.
    {
      what: 'button module, English (gzip, with its chunks)',
      kb: withStaticImports('widget/dist/button.js') / 1024,
      budgetKb: 6,
    },
    // Fetched only when the server grants a LiveKit session; livekit-client is most of it.
    { what: 'LiveKit provider chunk (gzip)', kb: gzipKb(chunk('livekitSession-')), budgetKb: null },
  ];
}
