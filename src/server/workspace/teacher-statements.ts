/**
 * Statements a teacher makes about a student from the workspace: a level
 * override (with a note) and a station unlock. They are ordinary xAPI
 * statements in the LRS, by the teacher's account agent about the student
 * agent, stored with the student's id so they belong to the student's record
 * (shown in the portfolio, exported, deleted with the student). The object is
 * an Agent, so the context has no `platform` (xAPI: only for Activity objects).
 */
import { randomUUID } from 'node:crypto'
import { statementsEquivalent } from '../../core/xapi/compare.js'
import { studentAgent } from '../../core/xapi/builder.js'
import type { Agent, Statement } from '../../core/xapi/types.js'
import { ACTIVITY_TYPE, EXTENSION, VERB, VERB_DISPLAY } from '../../core/xapi/vocabulary.js'
import type { Level } from '../../core/mastery/levels.js'
import type { Store } from '../db/store.js'
import { actorKey } from '../lrs/agents.js'
import { statementFacts } from '../lrs/index.js'
import { mergeDefinition } from '../lrs/service.js'

/** A teacher as an xAPI account agent at this server (opaque id, like students). */
export function teacherAgent(homePage: string, teacherId: string): Agent {
  return { objectType: 'Agent', account: { homePage, name: teacherId } }
}

export interface TeacherStatementInput {
  readonly homePage: string
  readonly teacherId: string
  readonly studentId: string
  readonly now: Date
}

function base(input: TeacherStatementInput, verb: typeof VERB.overrodeLevel | typeof VERB.unlocked) {
  return {
    id: randomUUID(),
    actor: teacherAgent(input.homePage, input.teacherId),
    verb: { id: verb, display: { en: VERB_DISPLAY[verb] } },
    object: studentAgent(input.homePage, input.studentId),
    timestamp: input.now.toISOString(),
  }
}

/** The override statement (learning-design.md: an override is itself recorded, never hidden). */
export function overrideStatement(input: TeacherStatementInput, competencyId: string, level: Level, note: string): Statement {
  return {
    ...base(input, VERB.overrodeLevel),
    result: { response: note, extensions: { [EXTENSION.level]: level } },
    context: {
      contextActivities: { other: [{ objectType: 'Activity', id: competencyId, definition: { type: ACTIVITY_TYPE.objective } }] },
      language: 'en',
      extensions: { [EXTENSION.competencies]: [competencyId] },
    },
  } as Statement
}

/** The unlock statement: the teacher opened a station to the student ahead of the mastery rule. */
export function unlockStatement(input: TeacherStatementInput, expedition: string, station: string): Statement {
  return {
    ...base(input, VERB.unlocked),
    context: { language: 'en', extensions: { [EXTENSION.expedition]: expedition, [EXTENSION.station]: station } },
  } as Statement
}

/** Stores a teacher's statement as the LRS would (stored, authority, version, index keys). */
export async function storeTeacherStatement(store: Store, input: TeacherStatementInput, statement: Statement): Promise<Statement> {
  const stored = input.now.toISOString()
  const body = {
    ...statement,
    stored,
    authority: teacherAgent(input.homePage, input.teacherId),
    version: '1.0.0',
  } as unknown as Record<string, unknown>
  const facts = statementFacts(body)
  const outcome = await store.insertStatements(
    {
      statements: [
        {
          id: statement.id,
          studentId: input.studentId,
          actorKey: actorKey(statement.actor) ?? null,
          verbId: statement.verb.id,
          activityId: null,
          registration: null,
          voidsId: null,
          refId: null,
          credentialKey: null,
          stored,
          body: JSON.stringify(body),
          index: facts.index,
          attachmentHashes: [],
        },
      ],
      attachments: [],
      activities: [],
      agents: facts.agents,
    },
    { same: (storedBody, row) => statementsEquivalent(JSON.parse(storedBody) as Statement, JSON.parse(row.body) as Statement), mergeDefinition },
  )
  if (!outcome.ok) throw new Error('teacher statement id collision')
  return body as unknown as Statement
}
