import { PointerCursorMaterial, PointerRayMaterial, TeleportPointerRayModel } from '@pmndrs/xr'
import { DefaultXRController } from '@react-three/xr'
import { CapsuleGeometry, Mesh, MeshStandardMaterial, PlaneGeometry, Vector3, type Object3D } from 'three'

/**
 * A plain controller body instead of the input profile's model: the profile's
 * glTF is dozens of meshes, each a draw call per eye (three's WebGLRenderer has
 * no multiview), and its materials would compile on entering VR. The profile
 * is still used for the controller's layout; only the model is replaced.
 */
const bodyGeometry = new CapsuleGeometry(0.016, 0.075, 3, 10)
const bodyMaterial = new MeshStandardMaterial({ color: '#d6dbe2', roughness: 0.55, metalness: 0.05 })

function makeController(teleport: boolean) {
  return function FathomController() {
    return (
      <>
        <DefaultXRController model={false} teleportPointer={teleport} />
        <mesh geometry={bodyGeometry} material={bodyMaterial} rotation-x={Math.PI / 2} position={[0, -0.01, 0.035]} />
      </>
    )
  }
}

const withTeleport = makeController(true)
const withoutTeleport = makeController(false)

/** The controller implementation for one hand, with or without the teleport pointer. */
export function fathomController(teleport: boolean) {
  return teleport ? withTeleport : withoutTeleport
}

/**
 * Objects carrying every material the controllers draw with (body, ray,
 * cursor, teleport arc), for compiling their shader programs while the scene
 * loads rather than on entering VR.
 */
export function controllerWarmupObjects(): Object3D[] {
  const quad = new PlaneGeometry(0.01, 0.01)
  return [
    new Mesh(bodyGeometry, bodyMaterial),
    new Mesh(quad, new PointerRayMaterial()),
    new Mesh(quad, new PointerCursorMaterial()),
    new TeleportPointerRayModel([new Vector3(0, 0, 0), new Vector3(0, 0, -0.5), new Vector3(0, -0.5, -1)]),
  ]
}
