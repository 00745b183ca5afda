import 'fake-indexeddb/auto'
import type { Statement } from '../../src/core/index.js'
import type { Clock } from '../../src/client/capture/timers.js'
import { openFathomDB, type FathomDatabase } from '../../src/client/storage/db.js'

let dbCounter = 0

/** A fresh database per test (fake-indexeddb, in memory). */
export function freshDB(): Promise<FathomDatabase> {
  dbCounter += 1
  return openFathomDB(`fathom-test-${dbCounter}-${Math.random().toString(36).slice(2)}`)
}

let statementCounter = 0

/** A minimal well-formed statement with a unique id. */
export function statement(n = ++statementCounter): Statement {
  const hex = n.toString(16).padStart(12, '0')
  return {
    id: `00000000-0000-4000-8000-${hex}`,
    actor: { objectType: 'Agent', account: { homePage: 'http://127.0.0.1', name: 's_test' } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { en: 'answered' } },
    object: { objectType: 'Activity', id: `https://fathom.education/activities/ocean/who-lives-where/items/${n}` },
    timestamp: new Date(1_700_000_000_000 + n).toISOString(),
  }
}

/** A manual clock: timers run only when `advance` passes them. */
export class FakeClock implements Clock {
  private t = 1_700_000_000_000
  private nextId = 1
  private timers = new Map<number, { at: number; fn: () => void }>()

  now(): number {
    return this.t
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++
    this.timers.set(id, { at: this.t + ms, fn })
    return id
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number)
  }

  get pendingTimers(): number[] {
    return [...this.timers.values()].map((t) => t.at - this.t)
  }

  /** Moves time forward, running due timers in order and letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      const [id, timer] = due
      this.timers.delete(id)
      this.t = Math.max(this.t, timer.at)
      timer.fn()
      await settle()
    }
    this.t = end
    await settle()
  }
}

/** Lets pending promise callbacks and fake-indexeddb's scheduled work run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve))
}
