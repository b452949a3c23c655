import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/**
 * The HTTP routes declared in the server's source (`GET /api/team`, …), with the prefix each
 * router is mounted on: what the README's table and the OpenAPI document are held to.
 */
export function declaredRoutes(): string[] {
  const prefixes: Record<string, string> = {
    'livekitWebhook.ts': '/api/livekit',
    'app.ts': '',
    'staticFiles.ts': '',
  };
  const files = readdirSync(root('signaling-server/src/http'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => `http/${f}`)
    .concat('app.ts');
  return files.flatMap((file) => {
    const name = file.split('/').pop() as string;
    const prefix = prefixes[name] ?? '/api';
    const source = readFileSync(root(`signaling-server/src/${file}`), 'utf8');
    return [...source.matchAll(/(?:router|app)\.(get|post|patch|put|delete)\('([^']+)'/g)]
      .map(([, method, path]) => `${method?.toUpperCase()} ${prefix}${path}`)
      .filter((r) => /^\w+ \/(api|healthz|readyz|metrics)/.test(r));
  });
}
