// Test-only: a Meta Quest 3 emulated by iwer. Loaded lazily, only with ?emulate=quest3,
// so it never reaches a student's bundle. See /work/shared/notes/xr-testing.md.
import { XRDevice, metaQuest3 } from 'iwer'

export function installQuest3(): XRDevice {
  const device = new XRDevice(metaQuest3, { stereoEnabled: false })
  // Chromium has a native navigator.xr without a device: force ours in.
  device.installRuntime({ forceInstall: true })
  return device
}
