// The expedition runtime (three, fiber, xr, the core's rules): its own chunk, loaded after pairing.
import { useEffect, useState } from 'react'
import type { Pairing } from '../storage/db.js'
import { createFathomXRStore, type FathomXRStore } from '../xr/store.js'
import type { CaptureSession } from './capture-session.js'
import { ExpeditionLoadError, loadExpedition, type Expedition } from './expedition.js'
import { ExpeditionView } from './expedition-view.js'
import { hooksContext } from './hooks-context.js'

let xrStore: FathomXRStore | null = null

/** One XR store per page, made after any emulator was installed (main.tsx installs it first). */
function getXRStore(): FathomXRStore {
  xrStore ??= createFathomXRStore()
  hooksContext.xrStore = xrStore
  return xrStore
}

export interface ExpeditionRootProps {
  readonly pairing: Pairing
  readonly capture: CaptureSession
  readonly freeze: boolean
  readonly onRepair: () => void
}

type Loaded = { kind: 'loading' } | { kind: 'ready'; expedition: Expedition } | { kind: 'error'; problems: readonly string[] }

/** Loads and validates the expedition, then shows it; shows the validation problems if it is invalid. */
export function ExpeditionRoot({ pairing, capture, freeze, onRepair }: ExpeditionRootProps) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' })
  useEffect(() => {
    let live = true
    loadExpedition().then(
      (expedition) => live && setLoaded({ kind: 'ready', expedition }),
      (error: unknown) => live && setLoaded({ kind: 'error', problems: error instanceof ExpeditionLoadError ? error.problems : [String(error)] }),
    )
    return () => {
      live = false
    }
  }, [])
  if (loaded.kind === 'loading') return <p className="splash">Diving in…</p>
  if (loaded.kind === 'error') {
    return (
      <main id="load-error" className="card error-card" role="alert">
        <h1>This expedition could not be loaded</h1>
        <p>Tell your teacher. The expedition data did not pass its checks:</p>
        <ul>
          {loaded.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </main>
    )
  }
  return <ExpeditionView expedition={loaded.expedition} pairing={pairing} capture={capture} xrStore={getXRStore()} freeze={freeze} onRepair={onRepair} />
}

export default ExpeditionRoot
