import { useFrame, useThree } from '@react-three/fiber'
import { TeleportTarget, XROrigin, useXR, useXRStore } from '@react-three/xr'
import { fathomController } from '../xr/controller.js'
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import { useStore } from 'zustand'
import { Euler, MeshBasicMaterial, Quaternion, Vector3, type Group, type Mesh, type Object3D } from 'three'
import {
  approach,
  floorOffset,
  smoothVelocity,
  snapTurn,
  snapTurnInput,
  teleportTo,
  vignetteStrength,
  type Vec3,
} from '../../core/comfort/index.js'
import { settingsStore } from '../stores/settings-store.js'
import { SettingsWorld } from '../ui/settings-world.js'
import { BreakNoticeWorld } from './break-notice-world.js'
import { placeAtSpawn, rigState } from './rig-state.js'
import { ComfortVignette } from './vignette.js'

/** How far from where the student was placed (spawn or station anchor) the floor can be teleported to, metres. */
const TELEPORT_RADIUS = 12

const _head = new Vector3()
const _q = new Quaternion()
const _e = new Euler(0, 0, 0, 'YXZ')

export interface ComfortRigProps {
  /** Where the student first stands (the manifest's `spawn`). */
  readonly spawn?: Vec3
  /** Interactable objects by id, for aiming in tests. */
  readonly targets: Map<string, Object3D>
}

type Hand = 'left' | 'right'

function thumbstick(source: XRInputSource): [number, number] {
  const axes = source.gamepad?.axes
  // xr-standard mapping: the thumbstick is axes 2 and 3 (0 and 1 on some touchpads-only pads).
  if (!axes || axes.length < 2) return [0, 0]
  return axes.length >= 4 ? [axes[2] ?? 0, axes[3] ?? 0] : [axes[0] ?? 0, axes[1] ?? 0]
}

/**
 * The player's origin (XROrigin) with comfort locomotion: teleport (point at
 * the floor with the teleport hand's ray and pull the trigger), snap turn
 * (either thumbstick left/right), smooth locomotion when opted in (the teleport
 * hand's thumbstick, with the vignette), and the seated floor raise. Per-frame
 * work writes the origin's transform directly; nothing here sets React state per frame.
 */
const ORIGIN: Vec3 = [0, 0, 0]

export function ComfortRig({ spawn = ORIGIN, targets }: ComfortRigProps) {
  const origin = useRef<Group>(null)
  const floor = useRef<Mesh>(null)
  const vignette = useRef<Mesh | null>(null)
  const store = useXRStore()
  const presenting = useXR((s) => s.session != null)
  const posture = useStore(settingsStore, (s) => s.posture)
  const teleportHand = useStore(settingsStore, (s) => s.teleportHand)
  const xrCamera = useThree((s) => s.gl.xr.getCamera())
  const armed = useRef<Record<Hand, boolean>>({ left: true, right: true })

  const [spawnX, spawnY, spawnZ] = spawn
  useLayoutEffect(() => placeAtSpawn([spawnX, spawnY, spawnZ]), [spawnX, spawnY, spawnZ])

  useEffect(() => {
    rigState.dirty = true
  }, [posture])

  // Which controller's ray teleports when it points at the floor; the other keeps only its ray and grab.
  useEffect(() => {
    store.setController(fathomController(teleportHand === 'left' || teleportHand === 'both'), 'left')
    store.setController(fathomController(teleportHand === 'right' || teleportHand === 'both'), 'right')
  }, [store, teleportHand])

  const floorMaterial = useMemo(() => new MeshBasicMaterial({ visible: false }), [])

  const headNow = (): Vec3 => {
    xrCamera.getWorldPosition(_head)
    return [_head.x, _head.y, _head.z]
  }

  useFrame((_, delta) => {
    const group = origin.current
    if (!group) return
    let moving = 0
    const session = store.getState().session
    if (session) {
      const { snapTurnDegrees, smoothLocomotion, teleportHand: tpHand } = settingsStore.getState()
      const walkHand: Hand = tpHand === 'right' ? 'right' : 'left'
      for (const state of store.getState().inputSourceStates) {
        if (state.type !== 'controller') continue
        const hand = state.inputSource.handedness
        if (hand !== 'left' && hand !== 'right') continue
        const [x, y] = thumbstick(state.inputSource)
        if (smoothLocomotion && hand === walkHand) {
          xrCamera.getWorldQuaternion(_q)
          _e.setFromQuaternion(_q, 'YXZ')
          const v = smoothVelocity(x, y, _e.y)
          const speed = Math.hypot(v[0], v[2])
          if (speed > 0) {
            rigState.position = [rigState.position[0] + v[0] * delta, rigState.position[1], rigState.position[2] + v[2] * delta]
            rigState.dirty = true
            moving = Math.max(moving, speed)
          }
          continue
        }
        const step = snapTurnInput(x, armed.current[hand])
        armed.current[hand] = step.armed
        if (step.turn !== 0) {
          const turned = snapTurn({ position: rigState.position, yaw: rigState.yaw }, headNow(), -step.turn * snapTurnDegrees)
          rigState.position = [turned.position[0], rigState.position[1], turned.position[2]]
          rigState.yaw = turned.yaw
          rigState.snapTurns += 1
          rigState.dirty = true
        }
      }
    }
    if (rigState.dirty) {
      group.position.set(rigState.position[0], rigState.position[1] + floorOffset(settingsStore.getState().posture), rigState.position[2])
      group.rotation.set(0, rigState.yaw, 0)
      group.updateMatrixWorld()
      floor.current?.position.set(rigState.anchor[0], rigState.anchor[1] + 0.005, rigState.anchor[2])
      rigState.dirty = false
    }
    const target = session ? vignetteStrength(moving, 0) : 0
    if (target !== rigState.vignette) rigState.vignette = approach(rigState.vignette, target, delta, target > rigState.vignette ? 10 : 5)
    const mesh = vignette.current
    if (mesh) {
      mesh.visible = rigState.vignette > 0.01
      ;(mesh.material as MeshBasicMaterial).opacity = rigState.vignette
    }
  })

  const teleport = (point: Vector3) => {
    const moved = teleportTo({ position: rigState.position, yaw: rigState.yaw }, headNow(), [point.x, point.y, point.z])
    rigState.position = [moved.position[0], rigState.position[1], moved.position[2]]
    rigState.teleports += 1
    rigState.dirty = true
  }

  return (
    <>
      <XROrigin ref={origin}>
        <SettingsWorld presenting={presenting} targets={targets} />
        <BreakNoticeWorld presenting={presenting} targets={targets} />
      </XROrigin>
      {/* The teleport floor: invisible, hit only by teleport pointers (never drawn). */}
      <TeleportTarget onTeleport={(_point, event) => teleport(event.point)}>
        <mesh ref={floor} position={[spawnX, spawnY + 0.005, spawnZ]} rotation={[-Math.PI / 2, 0, 0]} material={floorMaterial}>
          <circleGeometry args={[TELEPORT_RADIUS, 32]} />
        </mesh>
      </TeleportTarget>
      <ComfortVignette meshRef={(m) => (vignette.current = m)} />
    </>
  )
}
