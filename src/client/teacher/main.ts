/**
 * The teacher workspace (/teacher), hash-routed:
 *   #/                         classes; the selected class's Live, Grid, Roster, Exports, Settings tabs
 *   #/class/:id/:tab           the same with a class and tab chosen
 *   #/class/:id/cards          printable pairing cards (QR codes open /?pair=CODE)
 *   #/student/:id              a student's portfolio (override, unlock, exports, delete)
 *   #/student/:id/report       printable per-student report
 *   #/join/:token              sign up with an invitation
 * Plain DOM; text always via textContent; no third-party requests; student names never logged.
 */
import '@fontsource/atkinson-hyperlegible/400.css'
import '@fontsource/atkinson-hyperlegible/700.css'
import './teacher.css'
import * as api from './api.js'
import { clear, h } from './dom.js'
import { renderCards, renderClassTab, type Tab } from './class-views.js'
import { renderPortfolio, renderReport } from './portfolio.js'
import { renderCredentials } from './credentials.js'

interface State {
  teacher?: api.TeacherInfo
  classes: api.ClassInfo[]
  showArchived: boolean
}

const state: State = { classes: [], showArchived: false }
const root = document.getElementById('teacher-app') ?? document.body
/** Called when the current view is left (closes the live stream). */
let leave: (() => void) | undefined

export function message(el: HTMLElement, error: unknown): void {
  el.textContent = error instanceof Error ? error.message : 'Something went wrong'
}

export function go(hash: string): void {
  if (location.hash === hash) void route()
  else location.hash = hash
}

function renderSignIn(): void {
  clear(root)
  const error = h('p', { className: 'error', role: 'alert' })
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true })
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true })
  const form = h(
    'form',
    { className: 'card sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Fathom — teacher sign-in'),
    h('label', { for: 'username' }, 'Username'),
    username,
    h('label', { for: 'password' }, 'Password'),
    password,
    h('button', { id: 'sign-in', type: 'submit' }, 'Sign in'),
    h('p', { className: 'hint' }, 'New here? Ask a colleague or your admin for an invitation link.'),
    error,
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    error.textContent = ''
    api.signIn(username.value, password.value).then(
      (teacher) => {
        state.teacher = teacher
        void route()
      },
      (e: unknown) => message(error, e),
    )
  })
  root.append(h('main', { className: 'centered' }, form))
  username.focus()
}

function renderJoin(token: string): void {
  clear(root)
  const error = h('p', { className: 'error', role: 'alert' })
  const username = h('input', { id: 'new-username', autocomplete: 'username', required: true, pattern: '[a-z0-9][a-z0-9._\\-]{0,63}' })
  const password = h('input', { id: 'new-password', type: 'password', autocomplete: 'new-password', required: true, minlength: '8' })
  const form = h(
    'form',
    { className: 'card sign-in', 'aria-labelledby': 'join-title' },
    h('h1', { id: 'join-title' }, 'Create your Fathom teacher account'),
    h('label', { for: 'new-username' }, 'Username'),
    username,
    h('p', { className: 'hint' }, 'Lower-case letters, digits, dot, dash or underscore.'),
    h('label', { for: 'new-password' }, 'Password (at least 8 characters)'),
    password,
    h('button', { id: 'join', type: 'submit' }, 'Create account'),
    error,
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    error.textContent = ''
    api.signUp(token, username.value, password.value).then(
      (teacher) => {
        state.teacher = teacher
        go('#/')
      },
      (e: unknown) => message(error, e),
    )
  })
  root.append(h('main', { className: 'centered' }, form))
}

function header(): HTMLElement {
  const signOut = h('button', { id: 'sign-out', type: 'button', className: 'secondary' }, 'Sign out')
  signOut.addEventListener('click', () => {
    api.signOut().finally(() => {
      state.teacher = undefined
      go('#/')
    })
  })
  const invite = h('button', { id: 'invite-teacher', type: 'button', className: 'secondary' }, 'Invite a teacher')
  const inviteOut = h('output', { className: 'invite-link', 'aria-live': 'polite' })
  invite.addEventListener('click', () => {
    api.createInvite().then(
      (i) => {
        clear(inviteOut)
        inviteOut.append('Send this single-use link (valid until ', new Date(i.expiresAt).toLocaleDateString(), '): ', h('code', { id: 'invite-url' }, i.link))
      },
      (e: unknown) => message(inviteOut, e),
    )
  })
  return h(
    'header',
    { className: 'top no-print' },
    h('h1', {}, h('a', { href: '#/' }, 'Fathom')),
    inviteOut,
    h('span', { className: 'who' }, `Signed in as ${state.teacher?.username ?? ''}`),
    invite,
    signOut,
  )
}

function classNav(selected: string | undefined): HTMLElement {
  const nav = h('nav', { className: 'classes no-print', 'aria-label': 'Classes' })
  const visible = state.classes.filter((c) => state.showArchived || !c.archived)
  const list = h(
    'ul',
    { className: 'class-list' },
    ...visible.map((c) =>
      h(
        'li',
        {},
        h('a', { className: 'class-link', href: `#/class/${c.id}/live`, 'data-class-id': c.id, 'aria-current': c.id === selected ? 'page' : undefined }, c.name, c.archived ? ' (archived)' : ''),
      ),
    ),
  )
  const archived = h('input', { type: 'checkbox', id: 'show-archived', checked: state.showArchived })
  archived.addEventListener('change', () => {
    state.showArchived = archived.checked
    void route()
  })
  const name = h('input', { id: 'class-name', name: 'class-name', maxlength: '100', required: true })
  const error = h('p', { className: 'error', role: 'alert' })
  const form = h('form', { className: 'create-class' }, h('label', { for: 'class-name' }, 'New class'), name, h('button', { id: 'create-class', type: 'submit' }, 'Create class'), error)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    error.textContent = ''
    api.createClass(name.value).then(
      (created) => {
        state.classes.push(created)
        go(`#/class/${created.id}/roster`)
      },
      (e: unknown) => message(error, e),
    )
  })
  nav.append(
    h('h2', {}, 'Classes'),
    visible.length ? list : h('p', { className: 'empty' }, 'No classes yet.'),
    h('label', { for: 'show-archived', className: 'inline' }, archived, ' Show archived classes'),
    form,
  )
  return nav
}

function shell(selected: string | undefined, main: HTMLElement): void {
  clear(root)
  root.append(header(), h('div', { className: 'layout' }, classNav(selected), main))
}

async function route(): Promise<void> {
  leave?.()
  leave = undefined
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean)
  if (parts[0] === 'join' && parts[1]) return renderJoin(parts[1])
  if (!state.teacher) {
    const teacher = await api.currentSession().catch(() => undefined)
    if (!teacher) return renderSignIn()
    state.teacher = teacher
  }
  try {
    state.classes = await api.listClasses()
  } catch (error) {
    if (error instanceof api.ApiError && error.status === 401) {
      state.teacher = undefined
      return renderSignIn()
    }
    throw error
  }
  const main = h('main', { className: 'workspace' })
  if (parts[0] === 'student' && parts[1]) {
    const studentId = decodeURIComponent(parts[1])
    if (parts[2] === 'report') {
      clear(root)
      root.append(main)
      await renderReport(main, studentId)
      return
    }
    shell(undefined, main)
    await renderPortfolio(main, studentId, { go })
    return
  }
  const first = state.classes.find((c) => !c.archived) ?? state.classes[0]
  const classId = parts[0] === 'class' && parts[1] ? decodeURIComponent(parts[1]) : first?.id
  if (parts[0] === 'class' && parts[2] === 'cards' && classId) {
    clear(root)
    root.append(main)
    await renderCards(main, classId)
    return
  }
  shell(classId, main)
  if (!classId) {
    main.append(h('section', { className: 'class-view' }, h('p', { className: 'empty' }, 'Create a class to begin.')))
    const creds = h('section', { className: 'credentials' })
    main.append(creds)
    void renderCredentials(creds)
    return
  }
  const tab = (['live', 'grid', 'roster', 'exports', 'settings'].includes(parts[2] ?? '') ? parts[2] : 'live') as Tab
  leave = await renderClassTab(main, classId, tab, { go, onClassChanged: () => void route() })
  if (tab === 'settings') {
    const creds = h('section', { className: 'credentials' })
    main.append(creds)
    void renderCredentials(creds)
  }
}

window.addEventListener('hashchange', () => void route())
void route()
