import { useFrame, useThree } from '@react-three/fiber'
import { useLayoutEffect } from 'react'
import { Vector3, type Object3D } from 'three'
import { controllerWarmupObjects } from '../xr/controller.js'
import { renderBridge } from './render-bridge.js'

/**
 * Compiles every shader program the scene can need before its first frame,
 * including objects hidden until later (feedback badges, buttons, highlight
 * rings): `compile` only visits visible objects, so they are shown for the call.
 */
const _v = new Vector3()

export function CompileOnLoad({ onCompiled }: { readonly onCompiled?: () => void }) {
  const get = useThree((s) => s.get)
  useLayoutEffect(() => {
    renderBridge.get = get
    renderBridge.project = (x, y, z) => {
      const { gl: renderer, camera: view } = get()
      _v.set(x, y, z).project(view)
      const rect = renderer.domElement.getBoundingClientRect()
      return { x: rect.left + ((_v.x + 1) / 2) * rect.width, y: rect.top + ((1 - _v.y) / 2) * rect.height }
    }
    const { gl, scene, camera } = get()
    const hidden: Object3D[] = []
    scene.traverse((o) => {
      if (!o.visible) {
        hidden.push(o)
        o.visible = true
      }
    })
    // The controllers appear only in VR: compile their materials now too.
    const warmup = controllerWarmupObjects()
    scene.add(...warmup)
    // compileAsync creates the programs synchronously, then waits for the driver to link them.
    const done = gl.compileAsync(scene, camera)
    scene.remove(...warmup)
    for (const o of hidden) o.visible = false
    renderBridge.programsAfterLoad = gl.info.programs?.length ?? null
    void done.then(() => onCompiled?.())
    return () => {
      renderBridge.get = null
      renderBridge.project = null
    }
  }, [get, onCompiled])
  useFrame(() => {
    renderBridge.firstFrameAt ??= performance.now()
  })
  return null
}
