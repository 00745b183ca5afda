import type { Agent } from '../../core/index.js'
import type { Pairing } from '../storage/db.js'

/** Why pairing failed, with the server's message for the student. */
export class PairingError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
    this.name = 'PairingError'
  }
}

interface PairResponse {
  student: { id: string; displayName: string }
  actor: Agent
  endpoint: string
  auth: string
}

function isPairResponse(value: unknown): value is PairResponse {
  const v = value as Partial<PairResponse> | null
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.student?.id === 'string' &&
    typeof v.student.displayName === 'string' &&
    typeof v.actor === 'object' &&
    typeof v.endpoint === 'string' &&
    typeof v.auth === 'string'
  )
}

/** Exchanges a pairing code for the student's identity and sync credentials. */
export async function pairWithCode(fetchFn: typeof fetch, code: string, now: () => Date = () => new Date()): Promise<Pairing> {
  const trimmed = code.trim()
  if (trimmed === '') throw new PairingError('Type the code your teacher gave you.', 0)
  let response: Response
  try {
    response = await fetchFn('/api/pair', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: trimmed }),
    })
  } catch {
    throw new PairingError('Cannot reach the portfolio server. Check the connection and try again.', 0)
  }
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const message = typeof (body as { message?: unknown } | null)?.message === 'string' ? (body as { message: string }).message : undefined
    const fallback = response.status === 410 ? 'This code has expired. Ask your teacher for a new one.' : 'That code did not work. Check it and try again.'
    throw new PairingError(message ?? fallback, response.status)
  }
  if (!isPairResponse(body)) throw new PairingError('The server sent an unexpected answer.', response.status)
  const endpoint = body.endpoint.endsWith('/') ? body.endpoint : `${body.endpoint}/`
  return { student: body.student, actor: body.actor, endpoint, auth: body.auth, pairedAt: now().toISOString() }
}

/**
 * The code a printed pairing card's QR code carries (`/?pair=CODE`), so the
 * pairing screen opens with it filled in; empty when there is none.
 */
export function pairingCodeFromUrl(search: string): string {
  const code = new URLSearchParams(search).get('pair') ?? ''
  return /^[A-Za-z0-9 -]{1,16}$/.test(code) ? code.toUpperCase() : ''
}
