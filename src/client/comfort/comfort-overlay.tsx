import { useEffect, useRef } from 'react'
import { useStore } from 'zustand'
import { textScale } from '../../core/comfort/index.js'
import { AmbienceSound } from '../audio/ambience-sound.js'
import { playJudgement } from '../audio/cues.js'
import { onJudged } from '../world/judged-cue.js'
import type { AmbienceKind } from '../audio/ambience.js'
import { settingsStore } from '../stores/settings-store.js'
import { SettingsDialog } from '../ui/settings-panel.js'
import { BreakNotice } from './break-notice.js'
import { startBreakClock } from './break-store.js'
import { comfortHooks } from './comfort-hooks.js'
import './comfort.css'

export interface ComfortOverlayProps {
  /** The open expedition's manifest id. */
  readonly expeditionId: string
  /** The manifest's `environment.ambience`. */
  readonly ambience?: AmbienceKind
  /** Back to the hub, when there is one; shown as a global control. */
  readonly onHub?: () => void
}

/** Whether a key event comes from a place that takes typing. */
function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
}

/** Moves focus to the task's first control (the skip link's target). */
function focusTask(): void {
  const overlay = document.getElementById('task-overlay')
  const first = overlay?.querySelector<HTMLElement>('button:not([disabled]), summary, a[href], input, [tabindex]:not([tabindex="-1"])')
  if (first) first.focus()
  else if (overlay) {
    overlay.tabIndex = -1
    overlay.focus()
  }
}

/**
 * The page's global comfort and access layer: a skip link, the settings
 * button and dialog (S), keyboard help, the break reminder, the expedition's
 * ambience, and the text size applied to the whole page. Renders only
 * absolutely positioned parts, so it can sit anywhere in the layout.
 */
export function ComfortOverlay({ expeditionId, ambience = 'none', onHub }: ComfortOverlayProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const textSize = useStore(settingsStore, (s) => s.textSize)

  useEffect(() => {
    comfortHooks.expedition = expeditionId
    return () => {
      if (comfortHooks.expedition === expeditionId) comfortHooks.expedition = null
    }
  }, [expeditionId])

  useEffect(() => startBreakClock(), [])

  // The right/wrong cue on every judged answer, from the world or the DOM (the expedition notifies).
  useEffect(() => onJudged(playJudgement), [])

  // Text size: the page's rem, so every rem-sized text and control grows with it.
  useEffect(() => {
    const root = document.documentElement
    root.style.fontSize = `${textScale(textSize) * 100}%`
    root.dataset.textSize = textSize
  }, [textSize])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return
      if ((e.key === 's' || e.key === 'S') && !dialog.current?.open) {
        e.preventDefault()
        dialog.current?.showModal()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <>
      <a
        id="skip-to-task"
        className="skip-link"
        href="#task-overlay"
        onClick={(e) => {
          e.preventDefault()
          focusTask()
        }}
      >
        Skip to the task
      </a>
      <nav id="comfort-bar" aria-label="Settings and help">
        {onHub ? (
          <button id="back-to-hub" type="button" onClick={onHub}>
            Back to the hub
          </button>
        ) : null}
        <button id="open-settings" type="button" aria-haspopup="dialog" aria-keyshortcuts="S" onClick={() => dialog.current?.showModal()}>
          Settings <kbd>S</kbd>
        </button>
        <details id="keyboard-help" className="keyboard-help">
          <summary>Keys</summary>
          <dl>
            <dt>
              <kbd>Tab</kbd> / <kbd>Shift</kbd>+<kbd>Tab</kbd>
            </dt>
            <dd>Move between controls</dd>
            <dt>
              <kbd>Enter</kbd> / <kbd>Space</kbd>
            </dt>
            <dd>Press the focused control</dd>
            <dt>
              <kbd>H</kbd>
            </dt>
            <dd>Ask for a hint</dd>
            <dt>
              <kbd>Esc</kbd>
            </dt>
            <dd>Put a held item back, or close settings</dd>
            <dt>
              <kbd>S</kbd>
            </dt>
            <dd>Open settings</dd>
          </dl>
        </details>
      </nav>
      <SettingsDialog ref={dialog} />
      <BreakNotice />
      <AmbienceSound kind={ambience} />
    </>
  )
}
