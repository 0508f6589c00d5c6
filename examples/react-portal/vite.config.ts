import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // The package finds openfem_bg.wasm and widget.css next to its module (import.meta.url):
  // a dev server that pre-bundles it into node_modules/.vite/deps would move it away from them.
  optimizeDeps: { exclude: ['openfem'] },
  build: {
    // No inline <script> or data: module preload: the page runs under script-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
