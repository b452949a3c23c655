import { defineConfig } from 'vite';

// The due-callback watcher: a tiny ES module the loader imports only for an identified user.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    lib: {
      entry: 'src/callbacks/watch.ts',
      formats: ['es'],
      fileName: () => 'callbacks.js',
    },
  },
});
