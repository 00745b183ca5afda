import { MeshBasicMaterial, MeshLambertMaterial } from 'three'

/**
 * Materials shared by every entity of a kind: one program each, compiled on
 * load, and no per-entity material churn.
 */
export const sharedMaterials = {
  /** Hit targets: raycast, never drawn. */
  invisible: new MeshBasicMaterial({ visible: false }),
  heldRing: new MeshBasicMaterial({ color: '#ffe27a' }),
  /** Items fixed in place by the scaffold: a blue ring plus "fixed" on the label. */
  lockRing: new MeshBasicMaterial({ color: '#7fb8ff' }),
  /** Procedural models with vertex colours. */
  lambertVertex: new MeshLambertMaterial({ vertexColors: true }),
  /** Glowing parts (bioluminescence, the Sun). */
  basicVertex: new MeshBasicMaterial({ vertexColors: true }),
  /** Glowing parts that fog must not dim (the Sun across space). */
  basicVertexNoFog: new MeshBasicMaterial({ vertexColors: true, fog: false }),
} as const
