import type { Statement } from '../../core/index.js'
import type { FathomDatabase, Pairing } from '../storage/db.js'

/** Every statement this device still holds (pending and delivered, 30 days), in one read transaction. */
export async function localStatements(db: FathomDatabase): Promise<Statement[]> {
  try {
    return (await db.getAll('statements')).map((item) => item.statement)
  } catch {
    return []
  }
}

/**
 * The student's statements at the LRS, with those about the student
 * (`related_agents`: a teacher's unlocks and overrides name the student as
 * object). Empty when offline or refused: levels then rest on the device's own.
 */
export async function remoteStatements(pairing: Pairing, fetchFn: typeof fetch = (i, init) => fetch(i, init), maxPages = 20): Promise<Statement[]> {
  const agent = encodeURIComponent(JSON.stringify(pairing.actor))
  const origin = new URL(pairing.endpoint).origin
  let next: string | null = `${pairing.endpoint}statements?agent=${agent}&related_agents=true&limit=500`
  const out: Statement[] = []
  try {
    for (let page = 0; next && page < maxPages; page++) {
      const response: Response = await fetchFn(next, { headers: { Authorization: pairing.auth, 'X-Experience-API-Version': '1.0.3' } })
      if (!response.ok) break
      const body = (await response.json()) as { statements?: Statement[]; more?: string }
      out.push(...(body.statements ?? []))
      next = body.more ? new URL(body.more, origin).href : null
    }
  } catch {
    // Offline: keep what was read.
  }
  return out
}
