import type { Object3D } from 'three'
import type { JourneyStore } from '../stores/journey-store.js'
import type { TaskStore } from '../stores/task-store.js'
import type { StatementPipeline } from '../sync/pipeline.js'
import type { FathomXRStore } from '../xr/store.js'

/** What the test hooks read; filled in by the app as its parts come up. Holds no logic. */
export const hooksContext: {
  targets: Map<string, Object3D> | null
  taskStore: TaskStore | null
  pipeline: StatementPipeline | null
  xrStore: FathomXRStore | null
  journey: JourneyStore | null
  /** Fetches the student's statements from the LRS now (teacher unlocks, overrides). */
  refresh: (() => Promise<void>) | null
} = { targets: null, taskStore: null, pipeline: null, xrStore: null, journey: null, refresh: null }
