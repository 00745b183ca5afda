import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

/**
 * The server as `npm start` runs it: the bundle `npm run build` writes
 * (esbuild, dependencies left in node_modules), not the TypeScript sources
 * through tsx — browser tests and benchmarks measure what a school runs.
 */
export const BUILT_SERVER = join(import.meta.dirname, '..', '..', 'dist-server', 'main.js')

/** `node` arguments that start the built server; throws when it has not been built. */
export function builtServerArgs(): string[] {
  if (!existsSync(BUILT_SERVER)) throw new Error(`${BUILT_SERVER} is missing: run \`npm run build\` first`)
  return ['--enable-source-maps', BUILT_SERVER]
}

/** A port on 127.0.0.1 that was free a moment ago (for servers that must keep one port across restarts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}
