import { defineConfig } from 'vitest/config';

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
          ],
          environment: 'node',
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
