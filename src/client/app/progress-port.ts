/**
 * Where the student was in each expedition, kept as an xAPI State document by
 * `src/client/sync/progress-document.ts` (loaded as its own small chunk). A
 * device-local copy in localStorage stands in only when that chunk cannot be
 * loaded, so the app never blocks on it.
 */

import type { ExpeditionProgress, ProgressDocument, ProgressDocumentOptions } from '../sync/progress-document.js'

export type { ExpeditionProgress, ProgressDocument, ProgressDocumentOptions }

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
 * The progress document for a pairing: the xAPI State document, or the local
 * stand-in if its chunk cannot be loaded. Saves are serialised, and a
 * failing save never reaches the student (statements still carry the evidence).
 */
export async function openProgressDocument(options: ProgressDocumentOptions, localKey: string): Promise<ProgressDocument> {
  let local: ProgressDocument
  try {
    const { createProgressDocument } = await import('../sync/progress-document.js')
    local = createProgressDocument(options)
  } catch {
    local = localProgressDocument(localKey)
  }
  let chain: Promise<void> = Promise.resolve()
  return {
    load: (expedition) => local.load(expedition).catch(() => null),
    save(expedition, update) {
      chain = chain.then(() => local.save(expedition, update)).catch(() => undefined)
      return chain
    },
  }
}
