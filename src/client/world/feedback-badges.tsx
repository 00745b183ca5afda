import { useFrame } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { MeshBasicMaterial, Vector3, type Mesh } from 'three'
import { checkBadge, crossBadge } from './geometry.js'
import { useWorld } from './world-context.js'

const SHOW_SECONDS = 2.5
const OFFSET = new Vector3(0.16, 0.14, 0.08)
const _p = new Vector3()

/** Mutable badge state, read each frame; written when the store's feedback changes. */
interface BadgeState {
  kind: 'right' | 'wrong' | null
  entity: string | null
  shownAt: number
  sequence: number
}

/**
 * Right/wrong by shape and colour: a green ring with a check, or an orange
 * diamond with a cross, beside the item that was just judged. Shown on the
 * frame after the drop, without a React render.
 */
export function FeedbackBadges() {
  const { taskStore, targets, expedition } = useWorld()
  const right = useRef<Mesh>(null)
  const wrong = useRef<Mesh>(null)
  const state = useRef<BadgeState>({ kind: null, entity: null, shownAt: -1, sequence: 0 })
  const geometries = useMemo(() => ({ right: checkBadge(), wrong: crossBadge() }), [])
  const material = useMemo(() => new MeshBasicMaterial({ vertexColors: true }), [])

  useEffect(
    () =>
      taskStore.subscribe((s) => {
        const feedback = s.sort.feedback
        if (!feedback || feedback.sequence === state.current.sequence) return
        const item = expedition.task.items.find((i) => i.id === feedback.subject)
        state.current = { kind: feedback.correct ? 'right' : 'wrong', entity: item?.entity ?? null, shownAt: -1, sequence: feedback.sequence }
      }),
    [taskStore, expedition],
  )

  useFrame((frame) => {
    const s = state.current
    const now = frame.clock.elapsedTime
    if (s.kind && s.shownAt < 0) s.shownAt = now
    const visible = s.kind !== null && now - s.shownAt < SHOW_SECONDS
    const anchor = s.entity ? targets.get(s.entity) : undefined
    if (visible && anchor) anchor.getWorldPosition(_p).add(OFFSET)
    for (const [mesh, kind] of [
      [right.current, 'right'],
      [wrong.current, 'wrong'],
    ] as const) {
      if (!mesh) continue
      mesh.visible = visible && s.kind === kind && anchor !== undefined
      if (mesh.visible) mesh.position.copy(_p)
    }
  })

  return (
    <>
      <mesh ref={right} geometry={geometries.right} material={material} visible={false} renderOrder={3} userData={{ compileHidden: true }} />
      <mesh ref={wrong} geometry={geometries.wrong} material={material} visible={false} renderOrder={3} userData={{ compileHidden: true }} />
    </>
  )
}
