/**
 * Where the student was in each expedition, kept as an xAPI State document by
 * engineer 4's `src/client/sync/progress-document.ts`. Until that module
 * exists, a device-local stand-in with the same interface keeps the app
 * working; `import.meta.glob` picks the real one up as soon as the file lands,
 * without a code change here.
 */

export interface ExpeditionProgress {
  readonly stationsDone: readonly string[]
  readonly current: { readonly station: string; readonly tier: 'core' | 'transfer'; readonly state: unknown } | null
  readonly updatedAt: string
}

export interface ProgressDocument {
  load(expedition: string): Promise<ExpeditionProgress | null>
  save(expedition: string, update: (previous: ExpeditionProgress | null) => ExpeditionProgress): Promise<void>
}

export interface ProgressDocumentOptions {
  readonly endpoint: string
  readonly auth: string
  readonly actor: unknown
  readonly fetch?: typeof fetch
}

type Factory = (options: ProgressDocumentOptions) => ProgressDocument

// Lazy: the real module (if present) becomes its own small chunk.
const real = import.meta.glob<{ createProgressDocument?: Factory }>('../sync/progress-document.ts')

/** A stand-in kept in localStorage, per student and expedition; never throws. */
export function localProgressDocument(key: string, storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null): ProgressDocument {
  const slot = (expedition: string) => `fathom.progress.${key}.${expedition}`
  const read = (expedition: string): ExpeditionProgress | null => {
    try {
      const text = storage?.getItem(slot(expedition))
      return text ? (JSON.parse(text) as ExpeditionProgress) : null
    } catch {
      return null
    }
  }
  return {
    load: async (expedition) => read(expedition),
    save: async (expedition, update) => {
      try {
        storage?.setItem(slot(expedition), JSON.stringify(update(read(expedition))))
      } catch {
        // Storage full or blocked: progress is also implied by the statements.
      }
    },
  }
}

/**
 * The progress document for a pairing: engineer 4's xAPI State document when
 * its module is there, else the local stand-in. Saves are serialised, and a
 * failing save never reaches the student (statements still carry the evidence).
 */
export async function openProgressDocument(options: ProgressDocumentOptions, localKey: string): Promise<ProgressDocument> {
  const loader = Object.values(real)[0]
  let inner: ProgressDocument = localProgressDocument(localKey)
  if (loader) {
    try {
      const factory = (await loader()).createProgressDocument
      if (factory) inner = factory(options)
    } catch {
      // Keep the local stand-in.
    }
  }
  const local = inner
  let chain: Promise<void> = Promise.resolve()
  return {
    load: (expedition) => local.load(expedition).catch(() => null),
    save(expedition, update) {
      chain = chain.then(() => local.save(expedition, update)).catch(() => undefined)
      return chain
    },
  }
}
