// The expedition runtime (three, fiber, xr, the core's rules): its own chunk, loaded after pairing.
import { useEffect, useState } from 'react'
import { FATHOM_ACTIVITIES } from '../../core/index.js'
import type { FathomDatabase, Pairing } from '../storage/db.js'
import { createJourneyStore, type JourneyStore } from '../stores/journey-store.js'
import { createFathomXRStore, type FathomXRStore } from '../xr/store.js'
import type { CaptureSession } from './capture-session.js'
import { EXPEDITION_IDS, ExpeditionLoadError, loadExpedition, type Expedition, type ExpeditionId } from './expedition.js'
import { ExpeditionView } from './expedition-view.js'
import { hooksContext } from './hooks-context.js'
import { openProgressDocument } from './progress-port.js'
import { localStatements, remoteStatements } from './statement-history.js'

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
  readonly db: FathomDatabase
  readonly freeze: boolean
  readonly onRepair: () => void
}

type Loaded =
  | { kind: 'loading' }
  | { kind: 'ready'; expeditions: ReadonlyMap<ExpeditionId, Expedition>; journey: JourneyStore; registration: string }
  | { kind: 'error'; problems: readonly string[] }

/** Loads and validates the three expeditions, the student's history and progress, then shows the hub. */
export function ExpeditionRoot({ pairing, capture, db, freeze, onRepair }: ExpeditionRootProps) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' })
  useEffect(() => {
    let live = true
    void (async () => {
      try {
        const list = await Promise.all(EXPEDITION_IDS.map(async (id) => [id, await loadExpedition(id)] as const))
        const expeditions = new Map(list)
        const progress = await openProgressDocument({ endpoint: pairing.endpoint, auth: pairing.auth, actor: pairing.actor }, pairing.student.id)
        const registration = crypto.randomUUID()
        const store = getXRStore()
        const journey = createJourneyStore({
          expeditions,
          studentId: pairing.student.id,
          progress,
          learner: () => ({ actor: pairing.actor, modality: store.getState().session ? 'vr' : 'desktop', activityBase: FATHOM_ACTIVITIES, registration }),
          record: (statement) => capture.record(statement),
        })
        journey.getState().ingest(await localStatements(db))
        const refresh = async () => journey.getState().ingest(await remoteStatements(pairing))
        hooksContext.journey = journey
        hooksContext.refresh = refresh
        void refresh()
        if (live) setLoaded({ kind: 'ready', expeditions, journey, registration })
      } catch (error: unknown) {
        if (live) setLoaded({ kind: 'error', problems: error instanceof ExpeditionLoadError ? error.problems : [String(error)] })
      }
    })()
    return () => {
      live = false
    }
  }, [pairing, capture, db])
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
  return (
    <ExpeditionView
      expeditions={loaded.expeditions}
      journey={loaded.journey}
      registration={loaded.registration}
      pairing={pairing}
      capture={capture}
      xrStore={getXRStore()}
      freeze={freeze}
      onRepair={onRepair}
    />
  )
}

export default ExpeditionRoot
