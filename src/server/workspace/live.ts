/**
 * The live class view: where each student is now (expedition, station), who is
 * stuck (core `liveStatus`: repeated misses, support ladder exhausted, idle) and
 * who has not synced lately (last sync = the last statement stored for them).
 *
 * The stream is Server-Sent Events fed by polling the store for statements with
 * a sequence number above the last one seen, so it works with several server
 * processes on one database: nothing another process would need is kept in
 * memory (each connection only remembers its own cursor).
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { isTeacherDecision } from '../../core/evidence/derive.js'
import { liveStatus, type LiveSnapshot, type LiveStudent } from '../../core/evidence/live.js'
import type { Statement } from '../../core/xapi/types.js'
import type { ClassRow, Store, StudentRow } from '../db/store.js'

/** No statement stored for this long counts as "not synced lately". */
export const SYNC_LATE_MS = 5 * 60_000
/** How many of a student's latest statements the live rule looks at (their current task fits easily). */
export const LIVE_WINDOW = 300
/** How often a stream polls the store; a new statement shows within this plus one snapshot. */
export const POLL_MS = 500
/** Full refresh (idle and sync-late flags change with time alone). */
export const REFRESH_MS = 10_000

export type { LiveSnapshot, LiveStudent }


export async function liveStudent(store: Store, student: StudentRow, now: Date): Promise<LiveStudent> {
  const rows = await store.queryStatements({ visibleTo: { studentIds: [student.id], credentialKeys: [] }, ascending: false, limit: LIVE_WINDOW })
  // Teacher decisions are about the student, not where the student is.
  const own = rows.filter((r) => !isTeacherDecision(r.verbId))
  const statements = own.map((r) => JSON.parse(r.body) as Statement)
  const status = liveStatus(statements, now.getTime())
  const lastSyncAt = rows.reduce<string | null>((max, r) => (max === null || r.stored > max ? r.stored : max), null)
  const lastOwn = own.reduce<string | null>((max, r) => (max === null || r.stored > max ? r.stored : max), null)
  return {
    studentId: student.id,
    displayName: student.displayName,
    expedition: status.expedition,
    station: status.station,
    taskComplete: status.taskComplete,
    lastActivityAt: status.lastActivityAt,
    lastSyncAt: lastOwn ?? lastSyncAt,
    missesInARow: status.missesInARow,
    stuck: status.stuck,
    syncLate: lastOwn === null || now.getTime() - Date.parse(lastOwn) > SYNC_LATE_MS,
  }
}

export async function liveSnapshot(store: Store, klass: ClassRow, now: Date): Promise<LiveSnapshot> {
  const seq = await store.lastSeq()
  const students = await store.listStudents(klass.id)
  const out: LiveStudent[] = []
  for (const s of students) out.push(await liveStudent(store, s, now))
  return { classId: klass.id, at: now.toISOString(), seq, students: out }
}

/**
 * Streams `snapshot` events for a class: one at once, then one within
 * POLL_MS of any statement stored for its students (or a roster change), and
 * every REFRESH_MS. The request must already be authorised.
 */
export function streamLive(
  store: Store,
  klass: ClassRow,
  now: () => Date,
  request: FastifyRequest,
  reply: FastifyReply,
  streams: Set<() => void>,
): void {
  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  })
  res.write('retry: 1000\n\n')
  let seq = 0
  let roster = ''
  let cache = new Map<string, LiveStudent>()
  let lastFull = 0
  let closed = false
  let busy = false

  const send = (snapshot: LiveSnapshot) => {
    if (!closed) res.write(`event: snapshot\nid: ${snapshot.seq}\ndata: ${JSON.stringify(snapshot)}\n\n`)
  }

  const tick = async () => {
    if (closed || busy) return
    busy = true
    try {
      const at = now()
      const students = await store.listStudents(klass.id)
      const ids = students.map((s) => s.id)
      const rosterKey = students.map((s) => `${s.id}:${s.displayName}`).join('|')
      const full = at.getTime() - lastFull >= REFRESH_MS || rosterKey !== roster
      const changed = new Set<string>()
      if (ids.length > 0) {
        for (;;) {
          const rows = await store.queryStatements({ visibleTo: { studentIds: ids, credentialKeys: [] }, cursor: seq, ascending: true, limit: 1000 })
          for (const r of rows) {
            if (r.studentId) changed.add(r.studentId)
            seq = Math.max(seq, r.seq)
          }
          if (rows.length < 1000) break
        }
      }
      if (!full && changed.size === 0) return
      const next = new Map<string, LiveStudent>()
      for (const s of students) {
        const cached = cache.get(s.id)
        next.set(s.id, !full && cached && !changed.has(s.id) ? cached : await liveStudent(store, s, at))
      }
      cache = next
      roster = rosterKey
      if (full) lastFull = at.getTime()
      send({ classId: klass.id, at: at.toISOString(), seq, students: students.map((s) => next.get(s.id)!) })
    } catch (error) {
      request.log.warn({ classId: klass.id, err: { message: (error as Error).message } }, 'live stream poll failed')
    } finally {
      busy = false
    }
  }

  const timer = setInterval(() => void tick(), POLL_MS)
  const heartbeat = setInterval(() => {
    if (!closed) res.write(': keep-alive\n\n')
  }, 15_000)
  const stop = () => {
    if (closed) return
    closed = true
    clearInterval(timer)
    clearInterval(heartbeat)
    streams.delete(stop)
    res.end()
  }
  streams.add(stop)
  request.raw.on('close', stop)
  res.on('error', stop)
  void store.lastSeq().then((s) => {
    seq = s
    lastFull = 0
    return tick()
  })
}
