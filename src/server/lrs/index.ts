/**
 * What a stored statement can be found by (GET /xapi/statements filters,
 * xAPI 1.0.3 Communication §2.1.3), and the Activities and Agents it mentions.
 *
 * - `agent`: the Actor or the Object when it is an Agent/Group; "Groups that
 *   have members which match the specified Agent ... are considered a match",
 *   so members of an actor/object Group count too.
 * - `related_agents`: also Authority, Instructor, Team (and their members),
 *   2.0 contextAgents/contextGroups, and all of these inside a SubStatement.
 * - `activity`: the Object when it is an Activity.
 * - `related_activities`: also every context Activity, and a SubStatement's
 *   Object and context Activities.
 * StatementRef targets are handled by the store (see Store#insertStatements).
 */
import type { AgentSeen, ActivitySeen, StatementIndex } from '../db/store.js'
import { actorKey, ifiOf } from './agents.js'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

class Collector {
  readonly agents = new Set<string>()
  readonly relatedAgents = new Set<string>()
  readonly activities = new Set<string>()
  readonly relatedActivities = new Set<string>()
  readonly agentsSeen = new Map<string, AgentSeen>()
  readonly activitiesSeen = new Map<string, ActivitySeen>()

  /** An Agent or Group: its own key and its members' keys. */
  agentish(value: unknown, direct: boolean): void {
    if (!isObject(value)) return
    const key = actorKey(value)
    if (key !== undefined) {
      if (direct) this.agents.add(key)
      this.relatedAgents.add(key)
      if (value.objectType !== 'Group') {
        const name = typeof value.name === 'string' ? value.name : null
        const ifi = ifiOf(value)
        if (ifi !== undefined && (!this.agentsSeen.has(key) || (name !== null && this.agentsSeen.get(key)?.name === null))) {
          this.agentsSeen.set(key, { key, ifi: JSON.stringify(ifi), name })
        }
      }
    }
    if (Array.isArray(value.member)) for (const m of value.member) this.agentish(m, direct)
  }

  activity(value: unknown, direct: boolean): void {
    if (!isObject(value) || typeof value.id !== 'string') return
    if (direct) this.activities.add(value.id)
    this.relatedActivities.add(value.id)
    if (isObject(value.definition)) this.activitiesSeen.set(value.id, { id: value.id, definition: JSON.stringify(value.definition) })
  }

  context(context: unknown): void {
    if (!isObject(context)) return
    this.agentish(context.instructor, false)
    this.agentish(context.team, false)
    if (isObject(context.contextActivities)) {
      for (const list of Object.values(context.contextActivities)) {
        for (const a of Array.isArray(list) ? list : [list]) this.activity(a, false)
      }
    }
    if (Array.isArray(context.contextAgents)) for (const c of context.contextAgents) if (isObject(c)) this.agentish(c.agent, false)
    if (Array.isArray(context.contextGroups)) for (const c of context.contextGroups) if (isObject(c)) this.agentish(c.group, false)
  }

  /** A statement or SubStatement; `top` when it is the stored statement itself. */
  statement(s: Json, top: boolean): void {
    this.agentish(s.actor, top)
    const object = s.object
    if (isObject(object)) {
      const type = object.objectType
      if (type === undefined || type === 'Activity') this.activity(object, top)
      else if (type === 'Agent' || type === 'Group') this.agentish(object, top)
      else if (type === 'SubStatement') this.statement(object, false)
    }
    this.context(s.context)
    if (top) this.agentish(s.authority, false)
  }
}

export interface StatementFacts {
  readonly index: StatementIndex
  readonly agents: readonly AgentSeen[]
  readonly activities: readonly ActivitySeen[]
}

/** Index keys and mentioned Agents/Activities of a (validated, final) statement. */
export function statementFacts(statement: Json): StatementFacts {
  const c = new Collector()
  c.statement(statement, true)
  const verb = isObject(statement.verb) && typeof statement.verb.id === 'string' ? [statement.verb.id] : []
  const context = statement.context
  const registration = isObject(context) && typeof context.registration === 'string' ? [context.registration.toLowerCase()] : []
  return {
    index: {
      agents: [...c.agents],
      relatedAgents: [...c.relatedAgents],
      activities: [...c.activities],
      relatedActivities: [...c.relatedActivities],
      verbs: verb,
      registrations: registration,
    },
    agents: [...c.agentsSeen.values()],
    activities: [...c.activitiesSeen.values()],
  }
}
