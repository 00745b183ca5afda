import { cpSync, existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import type { Plugin } from 'vite'

/** The controller and hand profiles Fathom's supported devices need. */
const PROFILES = ['meta-quest-touch-plus', 'meta-quest-touch-plus-v2', 'meta-quest-touch-pro', 'oculus-touch-v3', 'generic-trigger', 'generic-hand']

/** URL path under which the app serves WebXR input profiles (one origin, no CDN). */
export const XR_PROFILES_PATH = '/xr-profiles/'

function profilesRoot(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('@webxr-input-profiles/assets/package.json')), 'dist', 'profiles')
}

/**
 * Copies the needed WebXR input profiles out of `@webxr-input-profiles/assets`
 * into the build, and serves them in dev, so controllers load from our origin.
 */
export function xrInputProfiles(): Plugin {
  const root = profilesRoot()
  let outDir = 'dist'
  return {
    name: 'fathom-xr-input-profiles',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    configureServer(server) {
      server.middlewares.use(XR_PROFILES_PATH, (req, res, next) => {
        const file = join(root, decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/'))
        if (!file.startsWith(root) || !existsSync(file)) return next()
        res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'model/gltf-binary')
        res.end(readFileSync(file))
      })
    },
    closeBundle() {
      const target = join(outDir, XR_PROFILES_PATH)
      cpSync(join(root, 'profilesList.json'), join(target, 'profilesList.json'))
      for (const profile of PROFILES) {
        const from = join(root, profile)
        if (existsSync(from)) cpSync(from, join(target, profile), { recursive: true })
      }
    },
  }
}
