import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * src/core runs unchanged in the headset and on the server, so it may import
 * only itself and zod (pure validation) — no React, three, DOM, idb, fetch or node:*.
 */
const root = new URL('../../src/core/', import.meta.url).pathname
const ALLOWED_PACKAGES = new Set(['zod'])
// A global in use: not a property access (`x.document`) and not an object key or field (`document:`).
const FORBIDDEN_GLOBALS =
  /(?<![.\w$])(window|document|navigator|indexedDB|localStorage|sessionStorage|fetch|XMLHttpRequest|process|require|Date\.now|Math\.random|crypto)\b(?!\s*\??:)/

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )
}

/** Code without comments and string contents, so documentation can mention what code may not use. */
function codeOnly(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/(['"`])(?:\\.|(?!\1)[^\\])*\1/g, '""')
}

describe('src/core is pure', () => {
  const files = sources(root)

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(5)
  })

  it.each(files.map((f) => relative(root, f)))('%s imports only core modules and zod', (file) => {
    const text = readFileSync(join(root, file), 'utf8')
    const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '')
    const outside = specifiers.filter((s) => !s.startsWith('.') && !ALLOWED_PACKAGES.has(s))
    expect(outside).toEqual([])
    const escapes = specifiers.filter((s) => s.startsWith('.') && !join(root, file, '..', s).startsWith(root))
    expect(escapes).toEqual([])
  })

  it.each(files.map((f) => relative(root, f)))('%s uses no browser, network, process, clock or randomness globals', (file) => {
    const code = codeOnly(readFileSync(join(root, file), 'utf8'))
    expect(code.match(FORBIDDEN_GLOBALS)?.[0]).toBeUndefined()
  })
})
