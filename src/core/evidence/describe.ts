import type { Statement } from '../xapi/types.js'
import { EXTENSION, VERB } from '../xapi/vocabulary.js'

/** Seconds in an ISO 8601 duration of the form Fathom writes (`PT12.5S`, `PT1M3S`), or undefined. */
export function durationSeconds(duration: string | undefined): number | undefined {
  const m = duration?.match(/^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/)
  if (!m) return undefined
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)
}

function englishName(map: Readonly<Record<string, string>> | undefined): string | undefined {
  if (!map) return undefined
  return map.en ?? map['en-US'] ?? map['en-GB'] ?? Object.values(map)[0]
}

function lowerFirst(text: string): string {
  return text.length > 1 && text[1] === text[1]?.toLowerCase() ? text[0]!.toLowerCase() + text.slice(1) : text
}

/**
 * A statement in plain language, for the teacher's portfolio:
 * "Placed the anglerfish in the midnight zone — correct, no hints, 12 s".
 */
export function describeStatement(statement: Statement): string {
  const ext = statement.context?.extensions ?? {}
  const resultExt = statement.result?.extensions ?? {}
  const object = statement.object
  const name = 'definition' in object ? englishName(object.definition?.name) : undefined
  const thing = name ?? ('id' in object ? object.id : 'the task')
  switch (statement.verb.id) {
    case VERB.answered: {
      const response = typeof resultExt[EXTENSION.responseLabel] === 'string' ? (resultExt[EXTENSION.responseLabel] as string) : statement.result?.response ?? ''
      const kind = ext[EXTENSION.taskKind]
      const what =
        kind === 'select' || kind === 'explain'
          ? `Chose “${response}” for “${thing}”`
          : kind === 'order'
            ? `Ordered ${response}`
            : kind === 'estimate'
              ? `Estimated ${response} for “${thing}”`
              : `Placed the ${lowerFirst(thing)} in the ${lowerFirst(response)}`
      const hints = typeof resultExt[EXTENSION.hintsUsed] === 'number' ? (resultExt[EXTENSION.hintsUsed] as number) : 0
      const seconds = durationSeconds(statement.result?.duration)
      const parts = [
        statement.result?.success ? 'correct' : 'not yet right',
        hints === 0 ? 'no hints' : hints === 1 ? 'after 1 hint' : `after ${hints} hints`,
        ...(seconds === undefined ? [] : [`${Math.round(seconds)} s`]),
      ]
      const tier = ext[EXTENSION.tier] === 'transfer' ? ' (stretch task)' : ''
      return `${what}${tier} — ${parts.join(', ')}`
    }
    case VERB.attempted:
      return `Started “${thing}”`
    case VERB.completed: {
      const score = statement.result?.score
      const seconds = durationSeconds(statement.result?.duration)
      const scored = score?.raw !== undefined && score.max !== undefined ? `, ${score.raw} of ${score.max} right first time` : ''
      return `Completed “${thing}”${scored}${seconds === undefined ? '' : `, ${Math.round(seconds)} s`}`
    }
    case VERB.requestedHint:
      return `Asked for a hint (${resultExt[EXTENSION.supportStep] ?? 'hint'})`
    case VERB.experienced:
      return `Was given support: ${resultExt[EXTENSION.supportStep] ?? 'a nudge'}`
    case VERB.offeredStretch:
      return `Was offered the stretch task for “${thing}”`
    case VERB.overrodeLevel:
      return `Teacher set the level to ${String(resultExt[EXTENSION.level] ?? '?')}: “${statement.result?.response ?? ''}”`
    case VERB.unlocked:
      return `Teacher opened station “${String(ext[EXTENSION.station] ?? '?')}”`
    case VERB.voided:
      return 'Voided an earlier statement'
    default:
      return `${englishName(statement.verb.display) ?? statement.verb.id} ${thing}`
  }
}
