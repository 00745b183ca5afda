import { isObject } from './validate.js'

/**
 * The inverse functional identifier of an agent or identified group as one
 * string, used to index and filter statements by actor. Undefined for an
 * anonymous group.
 */
export function actorKey(actor: unknown): string | undefined {
  if (!isObject(actor)) return undefined
  if (typeof actor.mbox === 'string') return `mbox:${actor.mbox}`
  if (typeof actor.mbox_sha1sum === 'string') return `mbox_sha1sum:${actor.mbox_sha1sum.toLowerCase()}`
  if (typeof actor.openid === 'string') return `openid:${actor.openid}`
  const account = actor.account
  if (isObject(account) && typeof account.homePage === 'string' && typeof account.name === 'string') {
    return `account:${account.homePage}\u0000${account.name}`
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
