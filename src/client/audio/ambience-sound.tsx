import { useEffect } from 'react'
import { setAmbience, type AmbienceKind } from './ambience.js'
import { unlockOnFirstGesture } from './engine.js'

/** Plays an expedition's ambience while mounted (after the first gesture); renders nothing. */
export function AmbienceSound({ kind }: { readonly kind: AmbienceKind }) {
  useEffect(() => unlockOnFirstGesture(), [])
  useEffect(() => {
    setAmbience(kind)
    return () => setAmbience('none')
  }, [kind])
  return null
}
