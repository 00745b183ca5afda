import {
  currentEstimate,
  currentQuestion,
  evidenceNeeded,
  remainingItems,
  type EstimateState,
  type ExplainState,
  type OrderState,
  type SelectState,
  type SortState,
  type SupportStep,
  type TaskDefinition,
  type TaskState,
} from '../../core/index.js'

/** A number as the dial shows it: no float noise, thousands separated. */
export function formatValue(value: number): string {
  return Number(value.toFixed(3)).toLocaleString('en-GB', { maximumFractionDigits: 3 })
}

export const SUPPORT_LABEL: Readonly<Record<SupportStep, string>> = {
  nudge: 'Nudge',
  'worked-hint': 'Worked hint',
  scaffold: 'Easier version',
}

/** One line on where the student is in the task, for the overlay and the panel. */
export function taskStatusLine(task: TaskDefinition, state: TaskState): string {
  if (state.phase === 'ready') return 'Press Start when you are ready.'
  switch (task.kind) {
    case 'sort': {
      const s = state as SortState
      const total = task.items.length
      if (s.phase === 'complete') return `All ${total} placed. Well done!`
      const held = task.items.find((i) => i.id === s.held)
      if (held) return `Holding: ${held.label}. Point at a zone and press to place it.`
      return `${total - remainingItems(task, s).length} of ${total} placed. Pick one up.`
    }
    case 'select': {
      const s = state as SelectState
      if (s.phase === 'complete') return `All ${task.questions.length} answered. Well done!`
      return `Question ${s.current + 1} of ${task.questions.length}: ${currentQuestion(task, s).question.prompt}`
    }
    case 'order': {
      const s = state as OrderState
      if (s.phase === 'complete') return 'In order. Well done!'
      const held = task.items.find((i) => i.id === s.held)
      if (held) return `Holding: ${held.label}. Press a numbered slot (or another item) to put it there.`
      return `${task.axis.label}: ${task.axis.from} first, ${task.axis.to} last. Pick one up to move it, then Submit.`
    }
    case 'estimate': {
      const s = state as EstimateState
      if (s.phase === 'complete') return `All ${task.questions.length} estimated. Well done!`
      const q = currentEstimate(task, s)
      return `Question ${s.current + 1} of ${task.questions.length}: ${q.prompt} Now: ${formatValue(s.value)} ${q.unit}.`
    }
    case 'explain': {
      const s = state as ExplainState
      if (s.phase === 'complete') return 'Claim, evidence and reasoning: done. Well done!'
      if (s.step === 'claim') return `Step 1 of 3 — claim: ${task.question}`
      if (s.step === 'evidence') return `Step 2 of 3 — evidence: choose ${evidenceNeeded(task)} that support your claim (${s.selected.length} chosen), then Submit.`
      return 'Step 3 of 3 — reasoning: which links your evidence to your claim?'
    }
  }
}
