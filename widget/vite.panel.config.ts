import { defineConfig } from 'vite';

// The call panel: an ES module the loader imports by absolute URL on the first press.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    lib: {
      entry: 'src/panel/index.ts',
      formats: ['es'],
      fileName: () => 'panel.js',
    },
    rollupOptions: {
      // Split chunks (the LiveKit provider, loaded only for LiveKit sessions) sit beside the panel.
      output: { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
