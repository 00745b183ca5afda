/** Helpers for the teacher workspace server tests. */
import { randomUUID } from 'node:crypto'
import { createHash } from 'node:crypto'
import { activity, buildStatement } from '../../src/core/xapi/builder.js'
import type { Agent, Statement } from '../../src/core/xapi/types.js'
import { ACTIVITY_TYPE, EXTENSION, VERB } from '../../src/core/xapi/vocabulary.js'
import { api, signIn, type Session } from './helpers.js'
import { ZONES } from './statements.js'

let tick = 0

/** A task statement at a station of the test expedition. */
export function taskStatement(
  actor: Agent,
  verb: (typeof VERB)[keyof typeof VERB],
  options: { success?: boolean; station?: string; expedition?: string; competencies?: string[]; hints?: number; step?: string; at?: string } = {},
): Statement {
  tick += 1
  const station = options.station ?? 'zones'
  const task = activity(`https://school.example/activities/test/${station}`, ACTIVITY_TYPE.assessment, 'Sort the organisms')
  return buildStatement(
    { newId: () => randomUUID(), now: () => options.at ?? new Date(Date.UTC(2026, 11, 3, 8, 0, 0, 0) + tick * 1000).toISOString() },
    { actor, modality: 'desktop', activityBase: 'https://school.example/activities' },
    {
      verb,
      object:
        verb === VERB.answered
          ? activity(`https://school.example/activities/test/${station}/items/anglerfish`, ACTIVITY_TYPE.interaction, 'Anglerfish')
          : verb === VERB.requestedHint || verb === VERB.experienced
            ? activity(`https://school.example/activities/test/${station}/support/${options.step ?? 'nudge'}`, ACTIVITY_TYPE.interaction, 'Support')
            : task,
      ...(verb === VERB.answered
        ? {
            result: {
              success: options.success ?? true,
              response: 'midnight',
              duration: 'PT12S',
              extensions: { [EXTENSION.hintsUsed]: options.hints ?? 0, [EXTENSION.responseLabel]: 'Midnight zone' },
            },
          }
        : verb === VERB.requestedHint || verb === VERB.experienced
          ? { result: { response: 'Think about light', extensions: { [EXTENSION.supportStep]: options.step ?? 'nudge' } } }
          : {}),
      competencies: options.competencies ?? [ZONES],
      extensions: { [EXTENSION.expedition]: options.expedition ?? 'test', [EXTENSION.station]: station, [EXTENSION.taskKind]: 'sort', [EXTENSION.tier]: 'core' },
    },
  )
}

/** A multipart/mixed body with one statement and its attachment parts (xAPI Communication §1.5.2). */
export function multipart(statement: Statement, parts: { contentType: string; content: Buffer }[]): { body: Buffer; contentType: string } {
  const boundary = `b${randomUUID().replace(/-/g, '')}`
  const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(statement)}\r\n`)]
  for (const p of parts) {
    const sha2 = createHash('sha256').update(p.content).digest('hex')
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${p.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${sha2}\r\n\r\n`), p.content, Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/mixed; boundary=${boundary}` }
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex')
}

/** A second teacher, signed up through an invitation the first one made. */
export async function invitedTeacher(url: string, inviter: Session, username: string): Promise<Session> {
  const invite = (await (await api(url, inviter, 'POST', '/api/invites')).json()) as { token: string }
  const res = await fetch(`${url}/api/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: invite.token, username, password: `${username}-password-1` }),
  })
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`)
  return signIn(url, username, `${username}-password-1`)
}

/** Reads Server-Sent Events from a fetch response until `until` returns true for a snapshot (or the time is up). */
export async function readSnapshots<T>(res: Response, until: (snapshot: T) => boolean, timeoutMs: number): Promise<T | undefined> {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const deadline = Date.now() + timeoutMs
  try {
    while (Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), Math.max(1, deadline - Date.now())))])
      if (next === 'timeout' || next.done) return undefined
      buffer += decoder.decode(next.value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const data = event.split('\n').find((l) => l.startsWith('data: '))
        if (event.includes('event: snapshot') && data) {
          const snapshot = JSON.parse(data.slice(6)) as T
          if (until(snapshot)) return snapshot
        }
      }
    }
    return undefined
  } finally {
    await reader.cancel().catch(() => undefined)
  }
}
