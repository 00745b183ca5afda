import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { VitePWA } from 'vite-plugin-pwa'
import { resolve } from 'node:path'
import { XR_PROFILES_PATH, xrInputProfiles } from './scripts/vite-xr-profiles'

/**
 * Registers the service worker from the student page only (the teacher pages
 * need the network anyway). `?sw=0` opts out (for debugging).
 */
function registerServiceWorker(): Plugin {
  const file = 'register-sw.js'
  const source = `if ('serviceWorker' in navigator && !/[?&]sw=0(&|$)/.test(location.search)) {
  addEventListener('load', () => navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((e) => console.warn('Fathom: offline support unavailable', e)))
}
`
  return {
    name: 'fathom-register-sw',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: file, source })
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.filename.endsWith('index.html')) return []
        return [{ tag: 'script', attrs: { src: `/${file}`, defer: true }, injectTo: 'head' }]
      },
    },
  }
}

// Two pages from one build: the student app (/) and the teacher workspace (/teacher).
export default defineConfig({
  plugins: [
    react(),
    xrInputProfiles(),
    registerServiceWorker(),
    // Offline after the first visit: the app shell, every expedition chunk, the
    // fonts and the XR input profiles are precached; the LRS (/xapi) and the
    // API (/api) always go to the network (the outbox keeps statements in IndexedDB).
    VitePWA({
      strategies: 'generateSW',
      injectRegister: false,
      registerType: 'autoUpdate',
      manifest: false,
      filename: 'sw.js',
      workbox: {
        globPatterns: ['**/*.{js,css,html,woff2,woff,json,glb,gltf,png,jpg,svg,ktx2,bin,wasm}'],
        // Not for students: the teacher pages, and the Quest emulator with its rooms (tests only, ?emulate=quest3).
        globIgnores: ['teacher.html', '**/teacher-*', '**/emulate-*', '**/*_room-*', '**/office_*'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/xapi(\/|$)/, /^\/teacher(\/|$)/],
        // The student page is opened with switches (?test=1, ?lrs=…): one cached page serves them all.
        ignoreURLParametersMatching: [/.*/],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        // The XR profiles are copied into dist by xrInputProfiles (precached above when the copy lands
        // first, which it does); a cache-first route keeps any that are fetched later.
        runtimeCaching: [
          { urlPattern: ({ url }) => url.pathname.startsWith(XR_PROFILES_PATH), handler: 'CacheFirst', options: { cacheName: 'fathom-xr-profiles' } },
        ],
      },
    }),
  ],
  // iwer's dev tooling brings its own three; two copies break the XR frame loop.
  resolve: { dedupe: ['three'] },
  publicDir: 'assets',
  build: {
    outDir: 'dist',
    sourcemap: false,
    rollupOptions: {
      input: {
        student: resolve(import.meta.dirname, 'index.html'),
        teacher: resolve(import.meta.dirname, 'teacher.html'),
      },
    },
  },
  server: { host: '127.0.0.1', proxy: { '/xapi': 'http://127.0.0.1:8080', '/api': 'http://127.0.0.1:8080' } },
})
