import { useState, type FormEvent } from 'react'
import type { Pairing } from '../storage/db.js'
import { pairingCodeFromUrl, pairWithCode, PairingError } from './pairing.js'

/** Pairs this headset or browser to a student with the code the teacher gives. */
export function PairingScreen({ onPaired }: { readonly onPaired: (pairing: Pairing) => void | Promise<void> }) {
  // A pairing card's QR code opens /?pair=CODE: the code is filled in, the student presses Pair.
  const [code, setCode] = useState(() => pairingCodeFromUrl(window.location.search))
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await onPaired(await pairWithCode(fetch, code))
    } catch (err) {
      setError(err instanceof PairingError ? err.message : 'Pairing failed. Try again.')
    } finally {
      setBusy(false)
    }
  }
  return (
    <main className="pairing card">
      <h1>Fathom</h1>
      <p>Type the pairing code your teacher gave you.</p>
      <form onSubmit={submit}>
        <label htmlFor="pairing-code">Pairing code</label>
        <input
          id="pairing-code"
          name="code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-describedby={error ? 'pairing-error' : undefined}
        />
        <button id="pair" type="submit" disabled={busy}>
          {busy ? 'Pairing…' : 'Pair'}
        </button>
      </form>
      {error ? (
        <p id="pairing-error" role="alert" className="error">
          {error}
        </p>
      ) : null}
    </main>
  )
}
