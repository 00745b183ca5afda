type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The inverse functional identifier of an agent or identified group as one
 * string, used to index and filter statements by actor. Undefined for an
 * anonymous group. mbox domains, mbox_sha1sum hex compare case-insensitively.
 */
export function actorKey(actor: unknown): string | undefined {
  if (!isObject(actor)) return undefined
  if (typeof actor.mbox === 'string') return `mbox:${normalizeMbox(actor.mbox)}`
  if (typeof actor.mbox_sha1sum === 'string') return `mbox_sha1sum:${actor.mbox_sha1sum.toLowerCase()}`
  if (typeof actor.openid === 'string') return `openid:${actor.openid}`
  const account = actor.account
  if (isObject(account) && typeof account.homePage === 'string' && typeof account.name === 'string') {
    return `account:${account.homePage}\u0000${account.name}`
  }
  return undefined
}

function normalizeMbox(mbox: string): string {
  const at = mbox.lastIndexOf('@')
  return at < 0 ? mbox : `${mbox.slice(0, at)}@${mbox.slice(at + 1).toLowerCase()}`
}

/** Just the IFI property of an agent, e.g. `{ mbox: 'mailto:a@b.c' }`. */
export function ifiOf(actor: unknown): Json | undefined {
  if (!isObject(actor)) return undefined
  for (const k of ['mbox', 'mbox_sha1sum', 'openid'] as const) if (typeof actor[k] === 'string') return { [k]: actor[k] }
  const account = actor.account
  if (isObject(account) && typeof account.homePage === 'string' && typeof account.name === 'string') {
    return { account: { homePage: account.homePage, name: account.name } }
  }
  return undefined
}

/** The student an actor is, when it is an Agent with this server's account home page. */
export function studentIdOfActor(actor: unknown, homePage: string): string | undefined {
  if (!isObject(actor) || (actor.objectType !== undefined && actor.objectType !== 'Agent')) return undefined
  const account = actor.account
  if (!isObject(account) || typeof account.name !== 'string' || typeof account.homePage !== 'string') return undefined
  if (sameOrigin(account.homePage, homePage) && actor.mbox === undefined && actor.openid === undefined && actor.mbox_sha1sum === undefined) {
    return account.name
  }
  return undefined
}

function sameOrigin(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '')
}
