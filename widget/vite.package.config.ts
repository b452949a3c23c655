import { defineConfig } from 'vite';

// The npm module (`@lifeline/widget` and `@lifeline/widget/react`): ES modules, React left to the host.
export default defineConfig({
  build: {
    outDir: 'dist/package',
    emptyOutDir: true,
    target: 'es2020',
    lib: {
      entry: { index: 'src/package/index.ts', react: 'src/package/react.ts' },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rollupOptions: { external: ['react'] },
  },
});
