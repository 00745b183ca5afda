import { useStore } from 'zustand'
import { remainingItems } from '../../core/index.js'
import type { Expedition } from '../app/expedition.js'
import type { TaskStore } from '../stores/task-store.js'
import { taskStatusLine } from './task-text.js'

/** The desktop overlay: the "I can…" objective, the prompt, progress, feedback, and Start/Hint buttons. */
export function TaskOverlay({ expedition, taskStore }: { readonly expedition: Expedition; readonly taskStore: TaskStore }) {
  const sort = useStore(taskStore, (s) => s.sort)
  const { task } = expedition
  const held = task.items.find((i) => i.id === sort.held)
  const placed = task.items.length - remainingItems(task, sort).length
  const dispatch = taskStore.getState().dispatch
  return (
    <section id="task-overlay" className="card" aria-label="Task">
      <h1 className="station">{expedition.station.title}</h1>
      <p id="objective" className="objective">
        {expedition.competencies.map((c) => c.statement).join(' ')}
      </p>
      <p id="prompt">{task.prompt}</p>
      <p id="task-status" className="status" aria-live="polite">
        {taskStatusLine(sort.phase, held?.label ?? null, placed, task.items.length)}
      </p>
      {sort.feedback ? (
        <p id="feedback" className={sort.feedback.correct ? 'feedback right' : 'feedback wrong'} aria-live="assertive" data-sequence={sort.feedback.sequence}>
          <span className="feedback-mark" aria-hidden="true">
            {sort.feedback.correct ? '✓' : '✗'}
          </span>
          <span>{sort.feedback.text}</span>
        </p>
      ) : null}
      {sort.support && sort.support.text !== sort.feedback?.text ? (
        <p id="support" className="support">
          Hint: {sort.support.text}
        </p>
      ) : null}
      <div className="actions">
        {sort.phase === 'ready' ? (
          <button id="start-task" type="button" onClick={() => dispatch({ type: 'start' })}>
            Start
          </button>
        ) : null}
        <button id="hint" type="button" disabled={sort.phase !== 'active'} onClick={() => dispatch({ type: 'hint' })}>
          Hint
        </button>
        {held ? (
          <button id="put-back" type="button" onClick={() => dispatch({ type: 'release' })}>
            Put back
          </button>
        ) : null}
      </div>
      <p className="keys">Click an organism to pick it up, then click its zone. Esc puts it back, H asks for a hint.</p>
      {sort.phase === 'active' ? (
        <details className="keyboard">
          <summary>Use the keyboard instead</summary>
          <p>Pick up:</p>
          <div className="actions">
            {task.items
              .filter((i) => sort.placed[i.id] === undefined)
              .map((i) => (
                <button key={i.id} type="button" aria-pressed={sort.held === i.id} onClick={() => dispatch({ type: 'grab', item: i.id })}>
                  {i.label}
                </button>
              ))}
          </div>
          <p>Place {held ? held.label : 'it'} in:</p>
          <div className="actions">
            {task.zones.map((z) => (
              <button key={z.id} type="button" disabled={!held} onClick={() => dispatch({ type: 'drop', zone: z.id })}>
                {z.label}
              </button>
            ))}
          </div>
        </details>
      ) : null}
    </section>
  )
}
