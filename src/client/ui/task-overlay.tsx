import { useEffect } from 'react'
import { useStore } from 'zustand'
import { LEVEL_LABEL, progressTowardProficiency } from '../../core/index.js'
import type { Expedition, StationRun } from '../app/expedition.js'
import type { JourneyStore } from '../stores/journey-store.js'
import type { TaskStore } from '../stores/task-store.js'
import { useStationsView } from './journey-view.js'
import { TaskControls } from './task-controls.js'
import { SUPPORT_LABEL, taskStatusLine } from './task-text.js'

export interface TaskOverlayProps {
  readonly expedition: Expedition
  readonly run: StationRun
  readonly taskStore: TaskStore
  readonly journey: JourneyStore
}

/**
 * The desktop overlay: the "I can…" objective and progress toward
 * proficiency, the prompt, feedback and support, every action as a focusable
 * button (keyboard and touch), and the stations with what each needs.
 */
export function TaskOverlay({ expedition, run, taskStore, journey }: TaskOverlayProps) {
  const state = useStore(taskStore, (s) => s.state)
  const records = useStore(journey, (s) => s.records)
  const view = useStationsView(journey, expedition, run.station.id)
  const dispatch = taskStore.getState().dispatch
  const { startStation, goToHub, offerShown } = journey.getState()
  const complete = state.phase === 'complete'
  const stretch = complete && run.tier === 'core' && view.current?.stretchOffered === true
  const next = view.next && view.next !== run.station.id ? view.statuses.find((s) => s.id === view.next) : undefined

  // The stretch offer is recorded when the student sees it (once per station).
  useEffect(() => {
    if (stretch) offerShown()
  }, [stretch, offerShown])

  return (
    <section id="task-overlay" className="card overlay" aria-label="Task" data-station={run.station.id} data-tier={run.tier} data-kind={run.task.kind}>
      <nav className="crumbs">
        <button id="to-hub" type="button" className="link" onClick={() => goToHub()}>
          ← Expeditions
        </button>
        <span>{expedition.manifest.title}</span>
      </nav>
      <h1 className="station">
        {run.station.title}
        {run.tier === 'transfer' ? ' · Stretch' : run.station.role === 'diagnostic' ? ' · First look' : ''}
      </h1>
      <div id="objective" className="objective">
        {run.competencies.map((c) => {
          const record = records.get(c.id)
          const pct = Math.round(progressTowardProficiency(record?.pKnown ?? c.bkt.pInit, c.bkt.pInit) * 100)
          return (
            <div key={c.id}>
              <p>{c.statement}</p>
              <div className="progress" role="progressbar" aria-label="Progress toward proficient" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
                <span style={{ width: `${pct}%` }} />
              </div>
              <p className="level" data-competency={c.id}>
                {LEVEL_LABEL[record?.level ?? 'no-evidence']} · {pct}% of the way to proficient
              </p>
            </div>
          )
        })}
      </div>
      <p id="prompt">{run.task.prompt}</p>
      <p id="task-status" className="status" aria-live="polite">
        {taskStatusLine(run.task, state)}
      </p>
      {state.feedback ? (
        <p id="feedback" className={state.feedback.correct ? 'feedback right' : 'feedback wrong'} aria-live="assertive" data-sequence={state.feedback.sequence}>
          <span className="feedback-mark" aria-hidden="true">
            {state.feedback.correct ? '✓' : '✗'}
          </span>
          <span>
            <strong>{state.feedback.correct ? 'Right. ' : 'Not yet. '}</strong>
            {state.feedback.text}
          </span>
        </p>
      ) : null}
      {state.support && state.support.text !== state.feedback?.text ? (
        <p id="support" className="support" data-step={state.support.step}>
          <strong>{SUPPORT_LABEL[state.support.step]}:</strong> {state.support.text}
        </p>
      ) : state.support ? (
        <p id="support-step" className="support-step" data-step={state.support.step}>
          {SUPPORT_LABEL[state.support.step]}
        </p>
      ) : null}
      <div className="actions">
        {state.phase === 'ready' ? (
          <button id="start-task" type="button" onClick={() => dispatch({ type: 'start' })}>
            Start
          </button>
        ) : null}
        <button id="hint" type="button" disabled={state.phase !== 'active'} onClick={() => dispatch({ type: 'hint' })}>
          Hint
        </button>
      </div>
      {state.phase === 'active' ? <TaskControls task={run.task} state={state} dispatch={dispatch} /> : null}
      {complete ? (
        <div id="after-task" className="actions">
          {stretch ? (
            <button id="try-stretch" type="button" onClick={() => startStation(run.station.id, 'transfer')}>
              Try the stretch
            </button>
          ) : null}
          {next ? (
            <button id="next-station" type="button" onClick={() => startStation(next.id)}>
              Next: {next.title}
            </button>
          ) : null}
          {!next && !view.current?.mastered && run.tier === 'core' ? (
            <button id="try-again" type="button" onClick={() => startStation(run.station.id)}>
              Try again
            </button>
          ) : null}
        </div>
      ) : null}
      <details id="stations" className="stations" open>
        <summary>Stations</summary>
        <ol>
          {view.statuses.map((s) => (
            <li key={s.id} data-station={s.id} data-open={s.open ? 'true' : 'false'} className={s.id === run.station.id ? 'current' : ''}>
              <span className="mark" aria-hidden="true">
                {s.id === run.station.id ? '▶' : s.mastered ? '✓' : s.open ? '○' : '–'}
              </span>
              <span className="title">{s.title}</span>{' '}
              {s.open ? (
                <>
                  <span className="state">{s.mastered ? '(shown)' : s.done ? '(try again)' : s.unlockedByTeacher ? '(opened by your teacher)' : '(open)'}</span>{' '}
                  {s.id !== run.station.id ? (
                    <button type="button" className="small" id={`go-${s.id}`} onClick={() => startStation(s.id)}>
                      Go
                    </button>
                  ) : null}
                  {s.stretchOffered ? (
                    <button type="button" className="small" id={`stretch-${s.id}`} onClick={() => startStation(s.id, 'transfer')}>
                      Stretch
                    </button>
                  ) : null}
                </>
              ) : (
                <span className="needs">Locked. First: {s.needs.map((c) => c.statement).join(' ')}</span>
              )}
            </li>
          ))}
        </ol>
      </details>
      <p className="keys">Point and press (mouse, touch or controller), or use the buttons here with the keyboard. H asks for a hint, Esc puts a held item back.</p>
    </section>
  )
}
