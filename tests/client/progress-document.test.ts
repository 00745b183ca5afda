import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProgressDocument, mergeProgress, type ExpeditionProgress } from '../../src/client/sync/progress-document.js'
import type { KeyValueStorage } from '../../src/client/sync/lrs-config.js'
import { FATHOM_ACTIVITIES } from '../../src/core/index.js'
import { pairStudent, signIn, startTestServer, type Paired, type TestServer } from '../server/helpers.js'

class MemoryStorage implements KeyValueStorage {
  readonly map = new Map<string, string>()
  get length() {
    return this.map.size
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null
  }
  getItem(k: string) {
    return this.map.get(k) ?? null
  }
  setItem(k: string, v: string) {
    this.map.set(k, v)
  }
  removeItem(k: string) {
    this.map.delete(k)
  }
}

const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 9, minute)).toISOString()
const finish = (station: string, minute: number) => (previous: ExpeditionProgress | null): ExpeditionProgress => ({
  stationsDone: [...(previous?.stationsDone ?? []), station],
  current: null,
  updatedAt: at(minute),
})

describe('progress document (xAPI State, against the real server)', () => {
  let server: TestServer
  let student: Paired
  beforeAll(async () => {
    server = await startTestServer()
    const session = await signIn(server.url)
    student = await pairStudent(server.url, session, 'Resume Rui')
  })
  afterAll(async () => {
    await server?.close()
  })

  const device = (extra: { fetch?: typeof fetch; storage?: KeyValueStorage | null } = {}) =>
    createProgressDocument({ endpoint: `${server.url}/xapi/`, auth: student.auth, actor: student.actor, storage: extra.storage ?? null, ...(extra.fetch ? { fetch: extra.fetch } : {}) })

  it('saves and loads one State document per expedition, at the standard State resource', async () => {
    const headset = device()
    expect(await headset.load('ocean')).toBeNull()
    await headset.save('ocean', () => ({ stationsDone: ['sunlit'], current: { station: 'twilight', tier: 'core', state: { placed: { a: 'b' } } }, updatedAt: at(1) }))
    // Another device (a desktop) resumes where the headset was.
    const desktop = device()
    expect(await desktop.load('ocean')).toEqual({ stationsDone: ['sunlit'], current: { station: 'twilight', tier: 'core', state: { placed: { a: 'b' } } }, updatedAt: at(1) })
    expect(await desktop.load('cosmos')).toBeNull()
    // Plain xAPI: activityId = FATHOM_ACTIVITIES/ocean, agent = the actor, stateId = progress.
    const q = new URLSearchParams({ activityId: `${FATHOM_ACTIVITIES}/ocean`, agent: JSON.stringify(student.actor), stateId: 'progress' })
    const response = await fetch(`${server.url}/xapi/activities/state?${q}`, { headers: { Authorization: student.auth, 'X-Experience-API-Version': '1.0.3' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{40}"$/)
  })

  it('loses no station when two devices write at the same time (If-Match, 412, re-read, re-apply)', async () => {
    let puts412 = 0
    // Device A reads, then device B writes before A's PUT: A's If-Match fails with 412.
    let gate: (() => void) | null = null
    let hold: Promise<void> | null = null
    const slowFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'PUT' && hold) {
        const h = hold
        hold = null
        await h
      }
      const response = await fetch(input, init)
      if (response.status === 412) puts412 += 1
      return response
    }) as typeof fetch
    const a = device({ fetch: slowFetch })
    const b = device()
    await b.save('eras', finish('stone-age', 1))
    hold = new Promise<void>((resolve) => (gate = resolve))
    const aSaving = a.save('eras', finish('bronze-age', 2))
    await new Promise((resolve) => setTimeout(resolve, 50))
    await b.save('eras', finish('iron-age', 3))
    gate!()
    await aSaving
    expect(puts412).toBeGreaterThanOrEqual(1)
    const result = await device().load('eras')
    expect(new Set(result!.stationsDone)).toEqual(new Set(['stone-age', 'bronze-age', 'iron-age']))
  })

  it('many concurrent saves from several devices: the union of every station survives', async () => {
    const devices = [device(), device(), device()]
    const stations = Array.from({ length: 12 }, (_, i) => `s${i}`)
    await Promise.all(stations.map((s, i) => devices[i % 3]!.save('deep', finish(s, i))))
    const result = await device().load('deep')
    expect(new Set(result!.stationsDone)).toEqual(new Set(stations))
  })

  it('works offline: the latest save is queued on the device and sent when the network returns, merged with what others wrote', async () => {
    let online = false
    const flaky = ((input: RequestInfo | URL, init?: RequestInit) => (online ? fetch(input, init) : Promise.reject(new TypeError('Failed to fetch')))) as typeof fetch
    const storage = new MemoryStorage()
    const headset = device({ fetch: flaky, storage })
    await headset.save('reef', finish('shallows', 1))
    await headset.save('reef', (p) => ({ ...finish('lagoon', 2)(p), current: { station: 'drop-off', tier: 'transfer', state: 7 } }))
    // Offline the device still knows where it was.
    expect(await headset.load('reef')).toEqual({ stationsDone: ['shallows', 'lagoon'], current: { station: 'drop-off', tier: 'transfer', state: 7 }, updatedAt: at(2) })
    expect(storage.map.size).toBe(1)
    // Meanwhile a desktop finished another station.
    await device().save('reef', finish('kelp', 1))
    // The tab is reloaded while still offline: a fresh instance finds the queue on the device.
    const reloaded = device({ fetch: flaky, storage })
    online = true
    const seen = await reloaded.load('reef')
    expect(new Set(seen!.stationsDone)).toEqual(new Set(['shallows', 'lagoon', 'kelp']))
    await expect.poll(async () => (await device().load('reef'))?.stationsDone.length ?? 0, { timeout: 5000 }).toBe(3)
    const final = await device().load('reef')
    expect(final!.current).toEqual({ station: 'drop-off', tier: 'transfer', state: 7 })
    await expect.poll(() => storage.map.size).toBe(0)
  })

  it('merges as a union with the current task from the newest write', () => {
    const a: ExpeditionProgress = { stationsDone: ['x', 'y'], current: { station: 'y', tier: 'core', state: 1 }, updatedAt: at(5) }
    const b: ExpeditionProgress = { stationsDone: ['z'], current: { station: 'q', tier: 'transfer', state: 2 }, updatedAt: at(4) }
    expect(mergeProgress(a, b)).toEqual({ stationsDone: ['x', 'y', 'z'], current: a.current, updatedAt: at(5) })
  })
})
