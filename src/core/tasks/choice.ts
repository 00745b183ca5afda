/**
 * Choosing among options, shared by `select` and the claim and reasoning
 * steps of `explain`: a wrong option is taken away so it cannot be chosen twice,
 * and the scaffolded variant leaves only the right option and one other.
 */

export interface ChoiceOption {
  readonly id: string
  readonly label: string
  readonly correct: boolean
  /** Why it is right, or a nudge toward the idea when it is wrong. */
  readonly feedback: string
}

/** Options still offered, in authored order. */
export function offered<O extends ChoiceOption>(options: readonly O[], eliminated: readonly string[]): O[] {
  return options.filter((o) => !eliminated.includes(o.id))
}

/**
 * Options to take away after a miss: the one chosen, and when the miss earns
 * the scaffold, every wrong option but one.
 */
export function eliminateAfterMiss(options: readonly ChoiceOption[], eliminated: readonly string[], chosen: string, scaffold: boolean): string[] {
  const out = [...eliminated, chosen]
  if (!scaffold) return out
  const wrongLeft = options.filter((o) => !o.correct && !out.includes(o.id))
  return [...out, ...wrongLeft.slice(1).map((o) => o.id)]
}
