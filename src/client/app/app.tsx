import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import type { FathomDatabase, Pairing } from '../storage/db.js'
import { PairingRepository } from '../storage/pairing-repository.js'
import { startCaptureSession, type CaptureSession } from './capture-session.js'
import { hooksContext } from './hooks-context.js'
import { PairingScreen } from './pairing-screen.js'

// Three, fiber, xr and the expedition come after pairing, as their own chunk.
const ExpeditionRoot = lazy(() => import('./expedition-root.js'))

export interface AppProps {
  readonly db: FathomDatabase
  readonly freeze: boolean
}

type Screen = { kind: 'starting' } | { kind: 'pairing' } | { kind: 'expedition'; pairing: Pairing; capture: CaptureSession }

/** The screen flow: pairing → expedition. A stored pairing skips straight to the expedition. */
export function App({ db, freeze }: AppProps) {
  const [screen, setScreen] = useState<Screen>({ kind: 'starting' })
  const pairings = useMemo(() => new PairingRepository(db), [db])

  const open = useCallback(
    (pairing: Pairing) => {
      const capture = startCaptureSession(db, pairing)
      hooksContext.pipeline = capture.pipeline
      setScreen({ kind: 'expedition', pairing, capture })
    },
    [db],
  )

  useEffect(() => {
    let live = true
    void pairings.load().then((pairing) => {
      if (!live) return
      if (pairing) open(pairing)
      else setScreen({ kind: 'pairing' })
    })
    return () => {
      live = false
    }
  }, [pairings, open])

  const repair = useCallback(() => {
    if (screen.kind === 'expedition') screen.capture.stop()
    void pairings.clear().then(() => setScreen({ kind: 'pairing' }))
  }, [screen, pairings])

  switch (screen.kind) {
    case 'starting':
      return <p className="splash">Starting…</p>
    case 'pairing':
      return (
        <PairingScreen
          onPaired={async (pairing) => {
            await pairings.save(pairing)
            open(pairing)
          }}
        />
      )
    case 'expedition':
      return (
        <Suspense fallback={<p className="splash">Diving in…</p>}>
          <ExpeditionRoot pairing={screen.pairing} capture={screen.capture} db={db} freeze={freeze} onRepair={repair} />
        </Suspense>
      )
  }
}
