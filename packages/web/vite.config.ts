import { defineConfig } from 'vite';

// The server sends a strict CSP (script-src 'self'), so the build must emit no inline scripts:
// the module-preload polyfill is Vite's only inline-ish code and modern browsers do not need it.
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    // `npm run dev -w @loupe/web` against a running `loupe serve` on the default port.
    proxy: { '/api': 'http://127.0.0.1:4318' },
  },
});
