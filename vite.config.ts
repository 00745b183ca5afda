import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { resolve } from 'node:path'
import { xrInputProfiles } from './scripts/vite-xr-profiles'

// Two pages from one build: the student app (/) and the teacher workspace (/teacher).
export default defineConfig({
  plugins: [react(), xrInputProfiles()],
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
