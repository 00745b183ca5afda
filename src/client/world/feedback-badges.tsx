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
  target: string | null
  shownAt: number
  sequence: number
}

/**
 * Right/wrong by shape and colour: a green ring with a check, or an orange
 * diamond with a cross, beside what was just judged (the item, the option,
 * the dial, the card). Shown on the frame after the answer, without a React render.
 */
export function FeedbackBadges() {
  const { taskStore, targets, roles, feedbackAnchor } = useWorld()
  const right = useRef<Mesh>(null)
  const wrong = useRef<Mesh>(null)
  const state = useRef<BadgeState>({ kind: null, target: null, shownAt: -1, sequence: taskStore.getState().state.feedback?.sequence ?? 0 })
  const geometries = useMemo(() => ({ right: checkBadge(), wrong: crossBadge() }), [])
  const material = useMemo(() => new MeshBasicMaterial({ vertexColors: true, depthTest: false }), [])

  useEffect(
    () =>
      taskStore.subscribe((s) => {
        const feedback = s.state.feedback
        if (!feedback || feedback.sequence === state.current.sequence) return
        const target = roles.entityOf.get(feedback.subject) ?? feedbackAnchor.entity
        state.current = { kind: feedback.correct ? 'right' : 'wrong', target, shownAt: -1, sequence: feedback.sequence }
      }),
    [taskStore, roles, feedbackAnchor],
  )

  useFrame((frame) => {
    const s = state.current
    const now = frame.clock.elapsedTime
    if (s.kind && s.shownAt < 0) s.shownAt = now
    const visible = s.kind !== null && now - s.shownAt < SHOW_SECONDS
    const anchor = (s.target ? targets.get(s.target) : undefined) ?? targets.get('hint-button') ?? targets.get('task-anchor')
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
      <mesh ref={right} geometry={geometries.right} material={material} visible={false} renderOrder={3} />
      <mesh ref={wrong} geometry={geometries.wrong} material={material} visible={false} renderOrder={3} />
    </>
  )
}
