/** A student's portfolio (override, unlock, exports, delete) and the printable per-student report. */
import { LEVEL_LABEL, LEVELS, type Level } from '../../core/mastery/levels.js'
import * as api from './api.js'
import { masteryChart } from './chart.js'
import { renderExports } from './class-views.js'
import { clear, h } from './dom.js'
import { levelBadge } from './grid.js'

function message(el: HTMLElement, error: unknown): void {
  el.textContent = error instanceof Error ? error.message : 'Something went wrong'
}

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

function overrideForm(p: api.Portfolio, c: api.PortfolioCompetency, refresh: () => void): HTMLElement {
  const idBase = `override-${p.competencies.indexOf(c)}`
  const level = h('select', { id: `${idBase}-level`, 'data-override-level': c.competency.id }, ...(LEVELS as readonly Level[]).map((l) => h('option', { value: l, selected: l === c.record.level }, LEVEL_LABEL[l])))
  const note = h('input', { id: `${idBase}-note`, 'data-override-note': c.competency.id, maxlength: '1000', required: true, placeholder: 'Why (e.g. explained it in class discussion)' })
  const error = h('p', { className: 'error', role: 'alert' })
  const form = h(
    'form',
    { className: 'override-form no-print' },
    h('label', { for: `${idBase}-level` }, 'Set the level by hand'),
    level,
    h('label', { for: `${idBase}-note` }, 'Note'),
    note,
    h('button', { type: 'submit', 'data-override-save': c.competency.id }, 'Save override'),
    error,
  )
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    api.overrideLevel(p.student.id, c.competency.id, level.value as Level, note.value).then(refresh, (x: unknown) => message(error, x))
  })
  return form
}

function competencySection(p: api.Portfolio, c: api.PortfolioCompetency, options: { interactive: boolean; refresh: () => void }): HTMLElement {
  const r = c.record
  return h(
    'section',
    { className: 'competency', 'data-competency-id': c.competency.id, 'data-level': r.level },
    h('h3', {}, h('span', { className: 'code' }, c.competency.code), ' ', c.competency.shortName),
    h('p', { className: 'i-can' }, c.competency.statement),
    h(
      'p',
      { className: 'level-line' },
      levelBadge(r.level),
      r.override
        ? h('span', { className: 'override', 'data-override': 'true' }, ` ✎ Set by teacher ${when(r.override.at)}: “${r.override.note}” (the statements alone give: ${LEVEL_LABEL[r.derivedLevel]})`)
        : null,
      r.attempts ? ` — ${r.correct} of ${r.attempts} right first time; P(known) ${r.pKnown.toFixed(2)}` : '',
    ),
    c.competency.standards.length ? h('p', { className: 'hint' }, 'Standards: ', c.competency.standards.map((s) => s.code).join(', ')) : null,
    masteryChart(c.history, `Mastery over time: ${c.competency.shortName}`),
    h('h4', {}, 'Evidence'),
    c.evidence.length
      ? h('ol', { className: 'evidence' }, ...c.evidence.map((e) => h('li', { 'data-statement-id': e.id, className: e.success ? 'right' : 'miss' }, h('span', { 'aria-hidden': 'true' }, e.success ? '✓ ' : '✗ '), e.text, h('time', { dateTime: e.timestamp }, ` · ${when(e.timestamp)}`))))
      : h('p', { className: 'empty' }, 'No evidence yet.'),
    h('h4', {}, 'Support needed'),
    c.support.length ? h('ul', { className: 'support' }, ...c.support.map((s) => h('li', {}, s.text, h('time', { dateTime: s.timestamp }, ` · ${when(s.timestamp)}`)))) : h('p', { className: 'empty' }, 'None.'),
    c.overrides.length ? h('div', {}, h('h4', {}, 'Overrides'), h('ul', { className: 'overrides' }, ...c.overrides.map((o) => h('li', {}, o.text, ` · ${when(o.timestamp)}`)))) : null,
    c.artifacts.length
      ? h('div', {}, h('h4', {}, 'Artifacts'), h('div', { className: 'artifacts' }, ...c.artifacts.map((a) => h('figure', {}, a.contentType.startsWith('image/') ? h('img', { src: a.url, alt: a.name, loading: 'lazy' }) : h('a', { href: a.url }, a.name), h('figcaption', {}, `${a.name} · ${when(a.timestamp)}`)))))
      : null,
    options.interactive ? overrideForm(p, c, options.refresh) : null,
  )
}

export async function renderPortfolio(main: HTMLElement, studentId: string, nav: { go(hash: string): void }): Promise<void> {
  const p = await api.portfolio(studentId)
  clear(main)
  const refresh = () => void renderPortfolio(main, studentId, nav)
  const unlockError = h('p', { className: 'error', role: 'alert' })
  const expedition = h('input', { id: 'unlock-expedition', required: true, placeholder: 'ocean' })
  const station = h('input', { id: 'unlock-station', required: true, placeholder: 'station id' })
  const unlock = h('form', { className: 'unlock no-print' }, h('label', { for: 'unlock-expedition' }, 'Expedition'), expedition, h('label', { for: 'unlock-station' }, 'Station'), station, h('button', { type: 'submit', id: 'unlock-save' }, 'Unlock station'), unlockError)
  unlock.addEventListener('submit', (e) => {
    e.preventDefault()
    api.unlockStation(studentId, expedition.value, station.value).then(refresh, (x: unknown) => message(unlockError, x))
  })
  const confirmName = h('input', { id: 'delete-confirm', autocomplete: 'off' })
  const deleteError = h('p', { className: 'error', role: 'alert' })
  const del = h(
    'form',
    { className: 'danger no-print' },
    h('h3', {}, 'Delete this student completely'),
    h('p', {}, 'Deletes every statement, document, attachment, evidence record, paired headset and pairing code of this student. This cannot be undone. Export their data first if the school needs it.'),
    h('label', { for: 'delete-confirm' }, `Type “${p.student.displayName}” to confirm`),
    confirmName,
    h('button', { type: 'submit', id: 'delete-student', className: 'danger' }, 'Delete student'),
    deleteError,
  )
  del.addEventListener('submit', (e) => {
    e.preventDefault()
    api.deleteStudent(studentId, confirmName.value).then(() => nav.go(`#/class/${p.student.classId}/roster`), (x: unknown) => message(deleteError, x))
  })
  const exports = h('section', { className: 'no-print' })
  renderExports(exports, 'students', studentId)
  main.append(
    h('p', { className: 'no-print' }, h('a', { href: `#/class/${p.student.classId}/grid` }, `← ${p.student.className}`), ' · ', h('a', { href: `#/student/${studentId}/report`, id: 'open-report' }, 'Printable report')),
    h('h2', { id: 'portfolio-title' }, `${p.student.displayName} — portfolio`),
    h('p', { className: 'hint' }, `${p.statementCount} statements · updated ${when(p.generatedAt)}`),
    ...p.competencies.map((c) => competencySection(p, c, { interactive: true, refresh })),
    h('section', { className: 'unlocks' }, h('h3', {}, 'Stations opened by the teacher'), p.unlocks.length ? h('ul', { id: 'unlock-list' }, ...p.unlocks.map((u) => h('li', {}, u))) : h('p', { className: 'empty' }, 'None.'), unlock),
    exports,
    del,
  )
}

/** The per-student report for paper: same facts, no controls; the print stylesheet does the rest. */
export async function renderReport(main: HTMLElement, studentId: string): Promise<void> {
  const p = await api.portfolio(studentId)
  main.className = 'report'
  const print = h('button', { type: 'button', id: 'print-report', className: 'no-print' }, 'Print')
  print.addEventListener('click', () => window.print())
  main.append(
    h('p', { className: 'no-print' }, h('a', { href: `#/student/${studentId}` }, '← Portfolio'), ' ', print),
    h('header', { className: 'report-head' }, h('h1', {}, p.student.displayName), h('p', {}, `${p.student.className} · Fathom competency report · ${new Date(p.generatedAt).toLocaleDateString(undefined, { dateStyle: 'long' })}`)),
    h(
      'table',
      { className: 'report-summary' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Competency'), h('th', {}, 'Level'), h('th', {}, 'Evidence'))),
      h(
        'tbody',
        {},
        ...p.competencies.map((c) =>
          h('tr', {}, h('td', {}, h('strong', {}, c.competency.shortName), h('br'), c.competency.statement), h('td', {}, levelBadge(c.record.level), c.record.override ? ' (set by teacher)' : ''), h('td', {}, `${c.record.correct} of ${c.record.attempts} right first time`)),
        ),
      ),
    ),
    ...p.competencies.filter((c) => c.record.attempts > 0 || c.record.override).map((c) => competencySection(p, c, { interactive: false, refresh: () => undefined })),
  )
}
