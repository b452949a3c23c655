import { defineConfig } from 'vite';

// The script-tag loader: one small IIFE with no dependencies (budget: 5 KB gzip).
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    lib: {
      entry: 'src/loader/index.ts',
      formats: ['iife'],
      name: 'LifelineLoader',
      fileName: () => 'widget.js',
    },
  },
});
