// In-page measurements for the scene bench: a React DevTools hook shim that counts commits,
// and samplers of renderer.info over desktop or XR frames. Everything here runs in the page.
import type { BrowserContext, Page } from 'playwright-core'

/**
 * Installed before the app loads: React (react-dom and fiber's reconciler) reports
 * every commit to `__REACT_DEVTOOLS_GLOBAL_HOOK__.onCommitFiberRoot`, in production too.
 */
export async function installCommitCounter(context: BrowserContext): Promise<void> {
  // tsx compiles with esbuild's keepNames: functions sent to the page call `__name`, which the page lacks.
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f' })
  await context.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>
    let commits = 0
    const renderers = new Map<number, unknown>()
    w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      supportsFiber: true,
      isDisabled: false,
      renderers,
      inject(renderer: unknown) {
        const id = renderers.size + 1
        renderers.set(id, renderer)
        return id
      },
      onCommitFiberRoot() {
        commits += 1
      },
      onCommitFiberUnmount() {},
      onPostCommitFiberRoot() {},
      onScheduleFiberRoot() {},
      checkDCE() {},
      on() {},
      off() {},
      emit() {},
      sub: () => () => undefined,
    }
    w.__fathomCommits = () => ({ commits, renderers: renderers.size })
  })
}

export const commitCount = (page: Page) => page.evaluate(() => (window as unknown as { __fathomCommits: () => { commits: number; renderers: number } }).__fathomCommits())

export interface FrameSample {
  readonly frames: number
  readonly maxCalls: number
  readonly maxTriangles: number
  readonly programs: number
}

/** Samples renderer.info once per frame for `ms` (XR frames when presenting, else the page's), keeping the maxima. */
export function sampleFrames(page: Page, ms: number, xr: boolean): Promise<FrameSample> {
  return page.evaluate(
    ({ ms, xr }) =>
      new Promise<FrameSample>((resolve) => {
        const hooks = window.__fathom!
        const session = xr ? hooks.session() : null
        const raf = (cb: () => void) => (session ? session.requestAnimationFrame(() => cb()) : requestAnimationFrame(() => cb()))
        let frames = 0
        let maxCalls = 0
        let maxTriangles = 0
        const end = performance.now() + ms
        const step = () => {
          const info = hooks.renderInfo()
          frames += 1
          maxCalls = Math.max(maxCalls, info.calls)
          maxTriangles = Math.max(maxTriangles, info.triangles)
          if (performance.now() < end) raf(step)
          else resolve({ frames, maxCalls, maxTriangles, programs: hooks.renderInfo().programs })
        }
        raf(step)
      }),
    { ms, xr },
  )
}

/** The WebGL renderer string (SwiftShader here) and the browser's user agent. */
export function graphicsInfo(page: Page): Promise<{ renderer: string; userAgent: string }> {
  return page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2')
    const ext = gl?.getExtension('WEBGL_debug_renderer_info')
    const renderer = gl ? String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) : 'no WebGL2'
    return { renderer, userAgent: navigator.userAgent }
  })
}
