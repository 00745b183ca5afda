/** A class's tabs (Live, Grid, Roster, Exports, Settings) and its printable pairing cards. */
import { LEVEL_LABEL, LEVELS, type Level } from '../../core/mastery/levels.js'
import * as api from './api.js'
import { clear, h } from './dom.js'
import { levelBadge, legend } from './grid.js'

export type Tab = 'live' | 'grid' | 'roster' | 'exports' | 'settings'

interface Nav {
  go(hash: string): void
  onClassChanged(): void
}

function message(el: HTMLElement, error: unknown): void {
  el.textContent = error instanceof Error ? error.message : 'Something went wrong'
}

export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never'
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000))
  if (s < 60) return `${s} s ago`
  if (s < 3600) return `${Math.round(s / 60)} min ago`
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`
  return new Date(iso).toLocaleDateString()
}

const STUCK_TEXT = { 'repeated-misses': 'Repeated misses', 'support-exhausted': 'Hints used up', idle: 'Idle' } as const

/** Renders one tab into `main`; returns a function that stops what it started (the live stream). */
export async function renderClassTab(main: HTMLElement, classId: string, tab: Tab, nav: Nav): Promise<() => void> {
  const klass = await api.getClass(classId)
  const tabs = h(
    'nav',
    { className: 'tabs no-print', 'aria-label': 'Class views' },
    ...(['live', 'grid', 'roster', 'exports', 'settings'] as const).map((t) =>
      h('a', { href: `#/class/${classId}/${t}`, id: `tab-${t}`, 'aria-current': t === tab ? 'page' : undefined }, t[0]!.toUpperCase() + t.slice(1)),
    ),
  )
  const view = h('section', { className: 'class-view', 'aria-live': tab === 'live' ? 'polite' : undefined })
  main.append(h('h2', { id: 'class-title' }, klass.name, klass.archived ? ' (archived)' : ''), tabs, view)
  if (tab === 'live') return renderLive(view, classId)
  if (tab === 'grid') await renderGrid(view, classId)
  if (tab === 'roster') await renderRoster(view, classId, nav)
  if (tab === 'exports') renderExports(view, 'classes', classId)
  if (tab === 'settings') renderSettings(view, klass, nav)
  return () => undefined
}

// ── Live ──

function renderLive(view: HTMLElement, classId: string): () => void {
  const status = h('p', { className: 'live-status', id: 'live-connection' }, 'Connecting…')
  const table = h('table', { className: 'live', id: 'live-table' })
  view.append(h('h3', {}, 'Live: where everyone is now'), status, table)
  let last: api.LiveSnapshot | undefined
  const draw = () => {
    if (!last) return
    clear(table)
    const now = Date.now()
    table.append(
      h('thead', {}, h('tr', {}, ...['Student', 'Expedition', 'Station', 'Needs help?', 'Last sync'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        ...last.students.map((s) =>
          h(
            'tr',
            { 'data-student-id': s.studentId, 'data-station': s.station ?? '', 'data-stuck': s.stuck.join(' '), className: s.stuck.length ? 'stuck' : '' },
            h('th', { scope: 'row' }, h('a', { href: `#/student/${s.studentId}` }, s.displayName)),
            h('td', {}, s.expedition ?? '—'),
            h('td', { className: 'station' }, s.station ?? 'Not started', s.taskComplete ? ' ✓ done' : ''),
            h(
              'td',
              { className: 'help' },
              s.stuck.length === 0
                ? h('span', { className: 'ok' }, '— ok')
                : h('span', { className: 'flag' }, h('span', { 'aria-hidden': 'true' }, '⚑ '), s.stuck.map((r) => STUCK_TEXT[r]).join(', ')),
            ),
            h('td', { className: s.syncLate ? 'sync late' : 'sync' }, s.syncLate ? h('span', { 'aria-hidden': 'true' }, '⏸ ') : null, ago(s.lastSyncAt, now), s.syncLate ? ' — not synced lately' : ''),
          ),
        ),
      ),
    )
  }
  const source = new EventSource(api.liveStreamUrl(classId))
  source.addEventListener('snapshot', (event) => {
    last = JSON.parse((event as MessageEvent<string>).data) as api.LiveSnapshot
    status.textContent = `Live — updated ${new Date(last.at).toLocaleTimeString()}`
    status.dataset.seq = String(last.seq)
    draw()
  })
  source.addEventListener('error', () => {
    status.textContent = 'Reconnecting…'
  })
  const clock = window.setInterval(draw, 5000)
  return () => {
    source.close()
    window.clearInterval(clock)
  }
}

// ── Grid ──

async function renderGrid(view: HTMLElement, classId: string, filter: { expedition?: string; standard?: string } = {}): Promise<void> {
  const grid = await api.grid(classId, filter)
  clear(view)
  const expedition = h('select', { id: 'filter-expedition' }, h('option', { value: '' }, 'All expeditions'), ...grid.filters.expeditions.map((e) => h('option', { value: e, selected: e === filter.expedition }, e)))
  const standard = h('select', { id: 'filter-standard' }, h('option', { value: '' }, 'All standards'), ...grid.filters.standards.map((s) => h('option', { value: s, selected: s === filter.standard }, s)))
  const apply = () => void renderGrid(view, classId, { ...(expedition.value ? { expedition: expedition.value } : {}), ...(standard.value ? { standard: standard.value } : {}) })
  expedition.addEventListener('change', apply)
  standard.addEventListener('change', apply)
  view.append(
    h('h3', {}, 'Competency grid'),
    h('div', { className: 'filters' }, h('label', { for: 'filter-expedition' }, 'Expedition'), expedition, h('label', { for: 'filter-standard' }, 'Standard'), standard),
    legend(),
  )
  if (grid.students.length === 0) return void view.append(h('p', { className: 'empty' }, 'Add students to see their evidence here.'))
  if (grid.competencies.length === 0) return void view.append(h('p', { className: 'empty' }, 'No competencies match this filter.'))
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, 'Student'),
    ...grid.competencies.map((c) => h('th', { scope: 'col', title: c.statement }, h('span', { className: 'code' }, c.code), h('br'), c.shortName)),
  )
  const rows = grid.students.map((s, i) =>
    h(
      'tr',
      { 'data-student-id': s.id },
      h('th', { scope: 'row' }, h('a', { href: `#/student/${s.id}` }, s.displayName)),
      ...grid.competencies.map((c, j) => {
        const cell = grid.cells[i]![j]!
        return h(
          'td',
          { 'data-level': cell.level, 'data-competency-id': c.id, title: cell.attempts ? `${cell.correct} of ${cell.attempts} correct first time` : LEVEL_LABEL[cell.level] },
          levelBadge(cell.level),
          cell.override ? h('span', { className: 'override', title: cell.override.note }, ' ✎ set by teacher') : null,
        )
      }),
    ),
  )
  const summary = h(
    'tr',
    { className: 'summary' },
    h('th', { scope: 'row' }, 'Class summary'),
    ...grid.summary.map((counts) =>
      h('td', {}, h('ul', { className: 'counts' }, ...(LEVELS as readonly Level[]).map((l) => h('li', { 'data-level': l }, `${counts[l]} `, LEVEL_LABEL[l].toLowerCase())))),
    ),
  )
  view.append(h('table', { className: 'grid', id: 'evidence-grid' }, h('caption', {}, 'Evidence by student and competency'), h('thead', {}, head), h('tbody', {}, ...rows), h('tfoot', {}, summary)))
}

// ── Roster ──

async function renderRoster(view: HTMLElement, classId: string, nav: Nav): Promise<void> {
  const students = await api.listStudents(classId)
  clear(view)
  const name = h('input', { id: 'student-name', name: 'student-name', maxlength: '60', required: true, 'aria-describedby': 'student-name-hint' })
  const error = h('p', { className: 'error', role: 'alert' })
  const form = h(
    'form',
    { className: 'add-student' },
    h('label', { for: 'student-name' }, 'Add a student'),
    name,
    h('button', { id: 'add-student', type: 'submit' }, 'Add student'),
    h('p', { id: 'student-name-hint', className: 'hint' }, 'A first name or nickname only — no email addresses.'),
    error,
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    error.textContent = ''
    api.addStudent(classId, name.value).then(() => void renderRoster(view, classId, nav), (e: unknown) => message(error, e))
  })
  const list = h(
    'ul',
    { className: 'students' },
    ...students.map((s) => {
      const out = h('output', { className: 'pairing-code', 'aria-live': 'polite' })
      const repair = h('button', { type: 'button', className: 'secondary', 'data-re-pair': s.id }, 'Re-pair (lost headset)')
      repair.addEventListener('click', () => {
        if (!window.confirm(`Re-pair ${s.displayName}? Their current headset stops syncing and a new code is made.`)) return
        api.rePair(s.id).then(
          (card) => {
            clear(out)
            out.append(h('strong', { 'data-pairing-code': card.code }, card.code), ` — old headset signed out (${card.revoked}); valid once, until ${new Date(card.expiresAt).toLocaleTimeString()}`)
          },
          (e: unknown) => message(out, e),
        )
      })
      const code = h('button', { type: 'button', className: 'secondary', 'data-student-id': s.id }, 'Get pairing code')
      code.addEventListener('click', () => {
        api.pairingCode(s.id).then(
          ({ code: c, expiresAt }) => {
            clear(out)
            out.append(h('strong', { 'data-pairing-code': c }, c), ` — valid once, until ${new Date(expiresAt).toLocaleTimeString(undefined, { timeStyle: 'short' })}`)
          },
          (e: unknown) => message(out, e),
        )
      })
      return h(
        'li',
        {},
        h('a', { className: 'student-name', href: `#/student/${s.id}` }, s.displayName),
        h('span', { className: 'sync' }, `last sync ${ago(s.lastSyncAt)}`),
        code,
        repair,
        out,
      )
    }),
  )
  view.append(
    h('h3', {}, 'Roster'),
    form,
    students.length ? list : h('p', { className: 'empty' }, 'No students yet.'),
    h('p', {}, h('a', { className: 'button', id: 'open-cards', href: `#/class/${classId}/cards` }, 'Print pairing cards')),
    h('p', { className: 'hint' }, 'Printing makes a fresh code for every student (earlier unused codes stop working). Codes work once and expire after 15 minutes.'),
  )
}

// ── Exports ──

/** Downloads a file; streamed formats show progress (rows read of the total the server announced). */
export function renderExports(view: HTMLElement, kind: 'classes' | 'students', id: string): void {
  const progress = h('progress', { id: 'export-progress', max: '1', value: '0', hidden: true })
  const status = h('p', { id: 'export-status', 'aria-live': 'polite' })
  const list = h(
    'ul',
    { className: 'exports' },
    ...api.EXPORT_FILES.map((f) => {
      const button = h('button', { type: 'button', className: 'secondary', 'data-export': f.file }, f.label)
      button.addEventListener('click', () => void download(api.exportUrl(kind, id, f.file), f.file, f.streamed, progress, status))
      return h('li', {}, button)
    }),
  )
  if (kind === 'students') {
    const all = h('button', { type: 'button', className: 'secondary', 'data-export': 'all.json' }, 'Everything about this student (JSON)')
    all.addEventListener('click', () => void download(api.exportUrl(kind, id, 'all.json'), 'all.json', false, progress, status))
    list.append(h('li', {}, all))
  }
  view.append(h('h3', {}, 'Exports'), list, progress, status)
}

async function download(url: string, file: string, streamed: boolean, progress: HTMLProgressElement, status: HTMLElement): Promise<void> {
  status.textContent = `Preparing ${file}…`
  const res = await fetch(url, { credentials: 'same-origin' })
  if (!res.ok || !res.body) {
    status.textContent = `Export failed (${res.status})`
    return
  }
  const total = Number(res.headers.get('x-fathom-total') ?? 0)
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? file
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let rows = 0
  progress.hidden = !streamed
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    if (streamed) {
      for (const byte of value) if (byte === 10) rows += 1
      progress.max = Math.max(1, total)
      progress.value = Math.min(rows, total)
      status.textContent = `${file}: ${Math.min(rows, total).toLocaleString()} of ${total.toLocaleString()} statements`
    }
  }
  const blob = new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' })
  const a = h('a', { href: URL.createObjectURL(blob), download: name })
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
  status.textContent = `Downloaded ${name}${streamed ? ` (${total.toLocaleString()} statements)` : ''}`
  status.dataset.done = file
}

// ── Settings ──

function renderSettings(view: HTMLElement, klass: api.ClassDetail, nav: Nav): void {
  const error = h('p', { className: 'error', role: 'alert' })
  const name = h('input', { id: 'rename-class', value: klass.name, maxlength: '100', required: true })
  const rename = h('form', {}, h('label', { for: 'rename-class' }, 'Class name'), name, h('button', { type: 'submit', id: 'save-name' }, 'Rename'))
  rename.addEventListener('submit', (e) => {
    e.preventDefault()
    api.updateClass(klass.id, { name: name.value }).then(() => nav.onClassChanged(), (x: unknown) => message(error, x))
  })
  const days = h('input', { id: 'retention-days', type: 'number', min: '1', max: '36500', value: klass.retentionDays === null ? '' : String(klass.retentionDays) })
  const retention = h(
    'form',
    {},
    h('label', { for: 'retention-days' }, 'Keep statements for (days)'),
    days,
    h('button', { type: 'submit', id: 'save-retention' }, 'Save'),
    h('p', { className: 'hint' }, 'Empty keeps everything. Statements stored longer ago are deleted by the hourly retention sweep, and evidence is recomputed from what remains.'),
  )
  retention.addEventListener('submit', (e) => {
    e.preventDefault()
    api.updateClass(klass.id, { retentionDays: days.value ? Number(days.value) : null }).then(() => nav.onClassChanged(), (x: unknown) => message(error, x))
  })
  const archive = h('button', { type: 'button', id: 'archive-class', className: 'secondary' }, klass.archived ? 'Unarchive class' : 'Archive class')
  archive.addEventListener('click', () => {
    api.updateClass(klass.id, { archived: !klass.archived }).then(() => nav.onClassChanged(), (x: unknown) => message(error, x))
  })
  view.append(h('h3', {}, 'Settings'), rename, retention, h('p', {}, archive), error)
}

// ── Pairing cards (print) ──

export async function renderCards(main: HTMLElement, classId: string): Promise<void> {
  const { class: klass, cards } = await api.pairingCards(classId)
  const print = h('button', { type: 'button', id: 'print-cards', className: 'no-print' }, 'Print')
  print.addEventListener('click', () => window.print())
  main.className = 'cards-page'
  main.append(
    h(
      'div',
      { className: 'no-print cards-toolbar' },
      h('a', { href: `#/class/${classId}/roster` }, '← Back to the class'),
      print,
      h('p', { className: 'hint' }, 'Each code works once and expires in 15 minutes. Scan the QR code with the headset, or type the code on the pairing screen.'),
    ),
    h(
      'div',
      { className: 'cards', id: 'pairing-cards' },
      ...cards.map((c) =>
        h(
          'article',
          { className: 'pairing-card', 'data-student-id': c.studentId },
          h('h2', {}, c.displayName),
          h('p', { className: 'card-class' }, klass.name),
          h('img', { className: 'qr', alt: `QR code to pair ${c.displayName}`, src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(c.qrSvg)}`, width: '160', height: '160', 'data-url': c.url }),
          h('p', { className: 'card-code', 'data-pairing-code': c.code }, c.code),
          h('p', { className: 'card-expiry' }, `Valid once, until ${new Date(c.expiresAt).toLocaleTimeString(undefined, { timeStyle: 'short' })}`),
          h('p', { className: 'card-url' }, c.url),
        ),
      ),
    ),
  )
}
