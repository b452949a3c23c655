import { fileURLToPath } from 'node:url';

// This file sits one level below the package root both as source (src/paths.ts) and bundled
// (dist/main.js), so the same relative paths work when run with tsx and when compiled.
const packageRoot = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** Where the built front ends and the demo page are. */
export const paths = {
  widget: packageRoot('../widget/dist'),
  console: packageRoot('../agent-console/dist'),
  demo: packageRoot('public'),
};
