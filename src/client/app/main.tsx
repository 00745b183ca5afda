import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { openFathomDB } from '../storage/db.js'
import { loadAppFont } from '../ui/font.js'
import { App } from './app.js'
import { readFlags } from './flags.js'

/** Composition root of the student app. */
async function boot(): Promise<void> {
  const flags = readFlags(window.location.search)
  let device: unknown
  if (flags.emulate === 'quest3') {
    // Must run before the XR store is created (after pairing): the store reads navigator.xr.
    const { installQuest3 } = await import('./emulate-quest3.js')
    device = installQuest3()
  }
  if (flags.emulate || flags.test) {
    const { installTestHooks } = await import('./test-hooks.js')
    installTestHooks(device)
  }
  const [db] = await Promise.all([openFathomDB(), loadAppFont()])
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App db={db} freeze={flags.freeze} />
    </StrictMode>,
  )
}

boot().catch((error: unknown) => {
  const root = document.getElementById('root')
  if (root) root.textContent = `Fathom could not start: ${String(error)}`
  console.error(error)
})
