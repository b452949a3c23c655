import { defineConfig } from 'vitest/config';
import { precompileMessages } from './widget/vite.plugins.js';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'shared/src/**/*.test.ts',
            'signaling-server/src/**/*.test.ts',
            'widget/src/**/*.test.ts',
            'agent-console/src/**/*.test.ts',
            'tests/docs/**/*.test.ts',
          ],
          // DOM tests run in the components project.
          exclude: ['**/*.dom.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        // Components in a DOM (happy-dom), as @testing-library renders them; the widget's
        // messages arrive precompiled, as its build ships them.
        oxc: { jsx: { runtime: 'automatic' } },
        plugins: [precompileMessages()],
        test: {
          name: 'components',
          include: ['agent-console/src/**/*.test.tsx', 'widget/src/**/*.dom.test.ts', 'widget/src/**/*.test.tsx'],
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 60_000,
          // Real browsers on 2 cores: one spec file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
