import { activity, buildStatement, type LearnerContext, type StatementEnvironment } from '../xapi/builder.js'
import type { Activity, InteractionType, Statement } from '../xapi/types.js'
import { ACTIVITY_TYPE, EXTENSION, VERB } from '../xapi/vocabulary.js'
import type { TaskEvent, Tier } from './task.js'

/** Task kinds, named here so statements can say which kind produced them. */
export type TaskKindName = 'sort' | 'select' | 'order' | 'estimate' | 'explain'

/** The xAPI interaction type that fits each kind's responses. */
const INTERACTION: Readonly<Record<TaskKindName, InteractionType>> = {
  sort: 'matching',
  select: 'choice',
  order: 'sequencing',
  estimate: 'numeric',
  explain: 'choice',
}

/** Where a task sits, so its events can be named as activities. */
export interface TaskPlace {
  readonly expedition: string
  readonly station: string
  readonly title: string
  readonly tier: Tier
  readonly competencies: readonly string[]
  /** The task's kind; sort when left out. */
  readonly kind?: TaskKindName
}

export function taskActivityId(learner: LearnerContext, place: TaskPlace): string {
  return `${learner.activityBase}/${place.expedition}/${place.station}`
}

/** ISO 8601 duration in seconds with millisecond precision, e.g. `PT12.345S`. */
export function isoDuration(ms: number): string {
  return `PT${(Math.max(0, ms) / 1000).toFixed(3).replace(/\.?0+$/, '')}S`
}

/**
 * Turns one task event into the statement that records it, or none for events
 * that carry no evidence (picking an item up).
 */
export function statementForEvent(
  event: TaskEvent,
  env: StatementEnvironment,
  learner: LearnerContext,
  place: TaskPlace,
): Statement | undefined {
  const taskId = taskActivityId(learner, place)
  const task: Activity = activity(taskId, ACTIVITY_TYPE.assessment, place.title)
  const kind = place.kind ?? 'sort'
  const extensions = {
    [EXTENSION.taskKind]: kind,
    [EXTENSION.tier]: place.tier,
    [EXTENSION.expedition]: place.expedition,
    [EXTENSION.station]: place.station,
  }
  const common = { competencies: place.competencies, extensions }
  switch (event.type) {
    case 'grabbed':
      return undefined
    case 'started':
      return buildStatement(env, learner, { ...common, verb: VERB.attempted, object: task })
    case 'answered': {
      const item = activity(`${taskId}/items/${event.subject}`, ACTIVITY_TYPE.interaction, event.subjectLabel, {
        interactionType: INTERACTION[kind],
      })
      return buildStatement(env, learner, {
        ...common,
        verb: VERB.answered,
        object: item,
        parent: task,
        result: {
          success: event.correct,
          response: event.response,
          duration: isoDuration(event.durationMs),
          extensions: { [EXTENSION.hintsUsed]: event.hintsUsed, [EXTENSION.attempt]: event.attempt, [EXTENSION.responseLabel]: event.responseLabel },
        },
      })
    }
    case 'hint':
      return buildStatement(env, learner, {
        ...common,
        verb: event.requested ? VERB.requestedHint : VERB.experienced,
        object: activity(`${taskId}/support/${event.step}`, ACTIVITY_TYPE.interaction, `Support: ${event.step}`),
        parent: task,
        result: { response: event.text, extensions: { [EXTENSION.supportStep]: event.step } },
      })
    case 'completed':
      return buildStatement(env, learner, {
        ...common,
        verb: VERB.completed,
        object: task,
        result: {
          completion: true,
          success: event.success,
          score: { raw: event.raw, min: 0, max: event.max, scaled: event.max > 0 ? event.raw / event.max : 0 },
          duration: isoDuration(event.durationMs),
        },
      })
  }
}
