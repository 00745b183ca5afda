// Bundle sizes read from dist/: the initial JavaScript (the entry and everything it imports
// statically) and each expedition's lazy chunk, gzipped as a server would send them.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/** Static imports of a built chunk: `import … from "./x.js"`, `import "./x.js"`, `export … from "./x.js"`; never `import("./x.js")`. */
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g

export interface BundleFile {
  readonly file: string
  readonly bytes: number
  readonly gzip: number
}

export class DistBundle {
  private readonly cache = new Map<string, BundleFile>()

  constructor(readonly dist: string) {
    if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: run \`npm run build\` first`)
  }

  /** A file under dist/, by its path from dist (e.g. `assets/student-abc.js`), with its gzip size (level 6, the usual server default). */
  file(path: string): BundleFile {
    let f = this.cache.get(path)
    if (!f) {
      const data = readFileSync(join(this.dist, path))
      f = { file: path, bytes: data.length, gzip: gzipSync(data, { level: 6 }).length }
      this.cache.set(path, f)
    }
    return f
  }

  /** The page's entry scripts and module preloads, from index.html. */
  entries(html = 'index.html'): string[] {
    const text = readFileSync(join(this.dist, html), 'utf8')
    const scripts = [...text.matchAll(/<script[^>]+type="module"[^>]*src="\/?([^"]+)"/g)].map((m) => m[1]!)
    const preloads = [...text.matchAll(/<link[^>]+rel="modulepreload"[^>]*href="\/?([^"]+)"/g)].map((m) => m[1]!)
    return [...new Set([...scripts, ...preloads])]
  }

  /** Files reachable from `roots` by static imports only (what loads before any lazy chunk). */
  staticClosure(roots: readonly string[]): Set<string> {
    const seen = new Set<string>()
    const stack = [...roots]
    while (stack.length > 0) {
      const path = stack.pop()!
      if (seen.has(path)) continue
      seen.add(path)
      const code = readFileSync(join(this.dist, path), 'utf8')
      const dir = path.slice(0, path.lastIndexOf('/') + 1)
      for (const m of code.matchAll(STATIC_IMPORT)) stack.push(normalise(dir + m[1]!))
    }
    return seen
  }

  gzipOf(files: Iterable<string>): number {
    let total = 0
    for (const f of files) total += this.file(f).gzip
    return total
  }

  /** The lazy chunk vite named after a source file (`expeditions/ocean.ts` → `assets/ocean-<hash>.js`), or null. */
  chunkNamed(name: string): string | null {
    const assets = join(this.dist, 'assets')
    const re = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[A-Za-z0-9_-]{6,}\\.js$`)
    const hit = readdirSync(assets).find((f) => re.test(f))
    return hit ? `assets/${hit}` : null
  }
}

function normalise(path: string): string {
  const out: string[] = []
  for (const part of path.split('/')) {
    if (part === '..') out.pop()
    else if (part !== '.' && part !== '') out.push(part)
  }
  return out.join('/')
}
