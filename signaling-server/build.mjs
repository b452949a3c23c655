// Compiles the server into one ES module, dist/main.js, run by plain `node` (no TypeScript
// loader at run time). npm dependencies stay external (installed in production); our own
// workspace packages (@lifeline/shared) ship as TypeScript source, so they are bundled in.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'npm-dependencies-external',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@lifeline/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
