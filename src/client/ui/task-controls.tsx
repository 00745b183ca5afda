import {
  currentEstimate,
  currentQuestion,
  evidenceNeeded,
  explainOptions,
  type EstimateState,
  type ExplainState,
  type OrderState,
  type SelectState,
  type SortState,
  type TaskDefinition,
  type TaskInput,
  type TaskState,
} from '../../core/index.js'
import { formatValue } from './task-text.js'

export interface TaskControlsProps {
  readonly task: TaskDefinition
  readonly state: TaskState
  readonly dispatch: (input: TaskInput) => unknown
}

/** Every action of the task as a focusable button or slider: the whole task by keyboard (or touch) alone. */
export function TaskControls({ task, state, dispatch }: TaskControlsProps) {
  switch (task.kind) {
    case 'select': {
      const { question, options } = currentQuestion(task, state as SelectState)
      return (
        <fieldset id="controls" className="controls" data-kind="select">
          <legend>{question.prompt}</legend>
          <div className="actions">
            {options.map((o) => (
              <button key={o.id} id={`choose-${o.id}`} type="button" onClick={() => dispatch({ type: 'choose', option: o.id })}>
                {o.label}
              </button>
            ))}
          </div>
        </fieldset>
      )
    }
    case 'sort': {
      const s = state as SortState
      const held = task.items.find((i) => i.id === s.held)
      return (
        <fieldset id="controls" className="controls" data-kind="sort">
          <legend>Pick up</legend>
          <div className="actions">
            {task.items
              .filter((i) => s.placed[i.id] === undefined)
              .map((i) => (
                <button key={i.id} id={`grab-${i.id}`} type="button" aria-pressed={s.held === i.id} onClick={() => dispatch({ type: 'grab', item: i.id })}>
                  {i.label}
                </button>
              ))}
          </div>
          <p>Place {held ? held.label : 'it'} in:</p>
          <div className="actions">
            {task.zones.map((z) => (
              <button key={z.id} id={`drop-${z.id}`} type="button" disabled={!held} onClick={() => dispatch({ type: 'drop', zone: z.id })}>
                {z.label}
              </button>
            ))}
            {held ? (
              <button id="put-back" type="button" onClick={() => dispatch({ type: 'release' })}>
                Put back
              </button>
            ) : null}
          </div>
        </fieldset>
      )
    }
    case 'order': {
      const s = state as OrderState
      const label = (id: string) => task.items.find((i) => i.id === id)?.label ?? id
      return (
        <fieldset id="controls" className="controls" data-kind="order">
          <legend>
            {task.axis.label}: {task.axis.from} → {task.axis.to}
          </legend>
          <ol className="order-list">
            {s.arrangement.map((id, index) => {
              const locked = s.locked.includes(id)
              return (
                <li key={id} data-item={id} data-locked={locked ? 'true' : 'false'}>
                  <span>
                    {label(id)}
                    {locked ? ' (fixed in place)' : ''}
                  </span>{' '}
                  <button type="button" className="small" id={`earlier-${id}`} aria-label={`Move ${label(id)} earlier`} disabled={locked || index === 0} onClick={() => dispatch({ type: 'move', item: id, slot: index - 1 })}>
                    ↑
                  </button>
                  <button type="button" className="small" id={`later-${id}`} aria-label={`Move ${label(id)} later`} disabled={locked || index === s.arrangement.length - 1} onClick={() => dispatch({ type: 'move', item: id, slot: index + 1 })}>
                    ↓
                  </button>
                </li>
              )
            })}
          </ol>
          <button id="submit" type="button" onClick={() => dispatch({ type: 'submit' })}>
            Submit order
          </button>
        </fieldset>
      )
    }
    case 'estimate': {
      const s = state as EstimateState
      const q = currentEstimate(task, s)
      return (
        <fieldset id="controls" className="controls" data-kind="estimate">
          <legend>{q.prompt}</legend>
          <label htmlFor="dial-input">
            Your estimate: <output id="dial-value">{`${formatValue(s.value)} ${q.unit}`}</output>
          </label>
          <input
            id="dial-input"
            type="range"
            min={s.range[0]}
            max={s.range[1]}
            step={q.step}
            value={s.value}
            aria-valuetext={`${formatValue(s.value)} ${q.unit}`}
            onChange={(e) => dispatch({ type: 'set', value: Number(e.target.value) })}
          />
          <div className="actions">
            <button id="dial-minus" type="button" aria-label={`Less (−${q.step} ${q.unit})`} onClick={() => dispatch({ type: 'turn', steps: -1 })}>
              −
            </button>
            <button id="dial-plus" type="button" aria-label={`More (+${q.step} ${q.unit})`} onClick={() => dispatch({ type: 'turn', steps: 1 })}>
              +
            </button>
            <button id="submit" type="button" onClick={() => dispatch({ type: 'submit' })}>
              Submit
            </button>
          </div>
        </fieldset>
      )
    }
    case 'explain': {
      const s = state as ExplainState
      const options = explainOptions(task, s)
      const needed = evidenceNeeded(task)
      return (
        <fieldset id="controls" className="controls" data-kind="explain" data-step={s.step}>
          <legend>
            {s.step === 'claim' ? 'Step 1 of 3: choose a claim' : s.step === 'evidence' ? `Step 2 of 3: choose ${needed} pieces of evidence` : 'Step 3 of 3: choose the reasoning'}
          </legend>
          <p>{task.question}</p>
          <div className="actions column">
            {options.map((o) =>
              s.step === 'evidence' ? (
                <button key={o.id} id={`toggle-${o.id}`} type="button" aria-pressed={s.selected.includes(o.id)} onClick={() => dispatch({ type: 'toggle', evidence: o.id })}>
                  {s.selected.includes(o.id) ? '✓ ' : ''}
                  {o.label}
                </button>
              ) : (
                <button key={o.id} id={`choose-${o.id}`} type="button" onClick={() => dispatch({ type: 'choose', option: o.id })}>
                  {o.label}
                </button>
              ),
            )}
          </div>
          {s.step === 'evidence' ? (
            <button id="submit" type="button" disabled={s.selected.length !== needed} onClick={() => dispatch({ type: 'submit' })}>
              Submit evidence ({s.selected.length}/{needed})
            </button>
          ) : null}
        </fieldset>
      )
    }
  }
}
