import { defineConfig } from 'vite';

// The display app: static files with relative URLs, so it can be hosted under any path.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist-app',
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    assetsInlineLimit: 0,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod's sources carry comments Rollup cannot place; harmless.
        if (warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
  optimizeDeps: { exclude: ['parquet-wasm'] },
});
