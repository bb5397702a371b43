import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  plugins: [
    react(),
    // Installable app + service worker (docs/adr/0014-pwa-service-worker.md). The worker is
    // generated at build time only and registered by main.tsx in the production build.
    VitePWA({
      injectRegister: null,
      registerType: 'autoUpdate',
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon-180.png'],
      manifest: {
        id: '/',
        name: 'Sasmita — Sistem Analisa Kemiskinan Terpadu Daerah',
        short_name: 'Sasmita',
        description: 'Pendataan, verifikasi dan penanganan kemiskinan ekstrem kabupaten',
        lang: 'id',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#087f5b',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell and every route chunk, so a page never opened online still opens offline.
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        // Client-side routes answer with the cached index.html; the API (personal data, never
        // cached by the worker) and its documentation go to the network.
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        runtimeCaching: [],
      },
    }),
  ],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunks each route needs (scripts/compress-web.mjs prints
    // the verval route's compressed JS from it). Dot folders are not served.
    manifest: true,
    rolldownOptions: {
      output: {
        // Libraries every page needs in long-lived chunks of their own: a release that changes
        // one page does not make a phone download React and Mantine again.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 3 },
            { name: 'i18next', test: /node_modules[\\/](i18next|react-i18next)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
