import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One config for the web build (root web/, output dist/web) and for vitest (tests under test/).
export default defineConfig({
  root: 'web',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        driver: fileURLToPath(new URL('./web/driver.html', import.meta.url)),
      },
    },
  },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
