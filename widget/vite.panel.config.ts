import { defineConfig } from 'vite';
import { precompileMessages, zodConfigStaysLocal } from './vite.plugins.js';

// The call panel, an ES module the loader imports by absolute URL on the first press, and the
// button's module, which it imports once the page has loaded; they share the language chunks.
export default defineConfig({
  plugins: [zodConfigStaysLocal(), precompileMessages()],
  // Messages arrive parsed (vite.plugins.ts): intl-messageformat needs no parser.
  resolve: {
    alias: [
      { find: /^@formatjs\/icu-messageformat-parser$/, replacement: '@formatjs/icu-messageformat-parser/no-parser.js' },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    lib: {
      entry: { panel: 'src/panel/index.ts', button: 'src/button/index.ts' },
      formats: ['es'],
      fileName: (_format, entry) => `${entry}.js`,
    },
    rollupOptions: {
      // Split chunks sit beside the panel: the LiveKit provider (only for LiveKit sessions) and
      // the page recorder (rrweb, fetched while the user waits in the queue).
      output: {
        chunkFileNames: (chunk) =>
          chunk.facadeModuleId?.endsWith('panel/pageView/index.ts')
            ? 'chunks/pageRecorder-[hash].js'
            : 'chunks/[name]-[hash].js',
      },
    },
  },
});
