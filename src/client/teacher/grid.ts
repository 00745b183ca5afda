import { LEVEL_LABEL, type Level } from '../../core/mastery/levels.js'
import type { ClassEvidence } from './api.js'
import { h } from './dom.js'

/** Each level has a label, a shape and a colour, so the grid reads in greyscale too. */
export const LEVEL_ICON: Readonly<Record<Level, string>> = {
  'no-evidence': '○',
  'not-yet-proficient': '◐',
  proficient: '●',
  advanced: '★',
}

export function levelBadge(level: Level): HTMLElement {
  return h(
    'span',
    { className: `level level-${level}` },
    h('span', { className: 'level-icon', 'aria-hidden': 'true' }, LEVEL_ICON[level]),
    h('span', { className: 'level-label' }, LEVEL_LABEL[level]),
  )
}

function when(iso: string | null): string {
  if (!iso) return 'never'
  const date = new Date(iso)
  return date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })
}

/** The students × competencies grid. Records are complete (the server fills no-evidence pairs). */
export function evidenceGrid(evidence: ClassEvidence): HTMLElement {
  if (evidence.students.length === 0) return h('p', { className: 'empty' }, 'Add students to see their evidence here.')
  if (evidence.competencies.length === 0) return h('p', { className: 'empty' }, 'No competency frameworks are loaded on this server.')
  const byKey = new Map(evidence.records.map((r) => [`${r.studentId}\u0000${r.competencyId}`, r]))
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, 'Student'),
    ...evidence.competencies.map((c) => h('th', { scope: 'col', title: c.statement }, h('span', { className: 'code' }, c.code), h('br'), c.shortName)),
    h('th', { scope: 'col' }, 'Last sync'),
  )
  const rows = evidence.students.map((student) =>
    h(
      'tr',
      { 'data-student-id': student.id },
      h('th', { scope: 'row' }, student.displayName),
      ...evidence.competencies.map((c) => {
        const record = byKey.get(`${student.id}\u0000${c.id}`)
        const level: Level = record?.level ?? 'no-evidence'
        const detail = record && record.attempts > 0 ? `${record.correct} of ${record.attempts} correct` : ''
        return h(
          'td',
          { 'data-level': level, 'data-competency-id': c.id, title: detail || LEVEL_LABEL[level] },
          levelBadge(level),
          record?.override ? h('span', { className: 'override' }, ' (set by teacher)') : null,
        )
      }),
      h('td', { className: 'sync' }, when(student.lastSyncAt)),
    ),
  )
  return h(
    'table',
    { className: 'grid', id: 'evidence-grid' },
    h('caption', {}, 'Evidence by student and competency'),
    h('thead', {}, head),
    h('tbody', {}, ...rows),
  )
}

export function legend(): HTMLElement {
  return h(
    'ul',
    { className: 'legend', 'aria-label': 'Levels' },
    ...(Object.keys(LEVEL_ICON) as Level[]).map((level) => h('li', {}, levelBadge(level))),
  )
}
