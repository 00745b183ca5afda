import { existsSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

/**
 * The server as `npm start` runs it: the bundle `npm run build` writes
 * (esbuild, dependencies left in node_modules), not the TypeScript sources
 * through tsx — browser tests and benchmarks measure what a school runs.
 */
export const BUILT_SERVER = join(import.meta.dirname, '..', '..', 'dist-server', 'main.js')

const SOURCES = [join(import.meta.dirname, '..', '..', 'src', 'server'), join(import.meta.dirname, '..', '..', 'src', 'core')]

/** `node` arguments that start the built server; throws when it is missing or older than its sources. */
export function builtServerArgs(): string[] {
  if (!existsSync(BUILT_SERVER)) throw new Error(`${BUILT_SERVER} is missing: run \`npm run build\` first`)
  const built = statSync(BUILT_SERVER).mtimeMs
  const newer = SOURCES.flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f))).find((f) => statSync(f).mtimeMs > built)
  // Otherwise a test run straight after editing the server would test the old bundle.
  if (newer) throw new Error(`${newer} is newer than ${BUILT_SERVER}: run \`npm run build:server\` (npm run test:e2e does)`)
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
