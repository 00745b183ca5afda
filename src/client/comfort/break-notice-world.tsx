import { useMemo } from 'react'
import { useStore } from 'zustand'
import type { Object3D } from 'three'
import { minutesPlayed } from '../../core/comfort/index.js'
import { PanelCard } from '../ui/panel-card.js'
import { breakSnoozed, breakStore, breakTaken } from './break-store.js'
import { ComfortButton } from './comfort-button.js'

/** Where the notice floats, relative to the player's origin: ahead, a little below eye height. */
const AT = [0, 1.35, -1.3] as const

/** The break reminder in the headset: calm words and two answers; it pauses nothing. */
export function BreakNoticeWorld({ presenting, targets }: { readonly presenting: boolean; readonly targets: Map<string, Object3D> }) {
  const due = useStore(breakStore, (s) => s.due)
  const clock = useStore(breakStore, (s) => s.clock)
  const shown = presenting && due
  const blocks = useMemo(
    () => [
      { text: 'Time for a break?', size: 46, weight: 700 as const, colour: '#ffe9a8', gap: 14 },
      { text: `You have been exploring for ${minutesPlayed(clock, Date.now())} minutes. Take the headset off, look around the room and stretch. Your work is saved.`, size: 36 },
    ],
    [clock, due],
  )
  return (
    <group position={AT as unknown as [number, number, number]} visible={shown}>
      <PanelCard position={[0, 0.1, 0]} width={0.9} height={0.42} blocks={blocks} colour="#0b3a2e" />
      <ComfortButton id="break-taken" label="Back to it" position={[-0.23, -0.19, 0.01]} visible={shown} onPress={breakTaken} targets={targets} colour="#1f7a55" />
      <ComfortButton id="break-later" label="Remind me later" position={[0.23, -0.19, 0.01]} visible={shown} onPress={breakSnoozed} targets={targets} />
    </group>
  )
}
