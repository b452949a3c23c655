import { defineConfig } from 'vite';

// The script-tag loader: one small IIFE with no dependencies (budget: 5 KB gzip).
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Terser's extra passes fit a few more features in the 2 KB budget than the default minifier.
    minify: 'terser',
    terserOptions: { ecma: 2020, compress: { passes: 3, unsafe_arrows: true }, format: { comments: false } },
    lib: {
      entry: 'src/loader/index.ts',
      formats: ['iife'],
      name: 'LifelineLoader',
      fileName: () => 'widget.js',
    },
  },
});
