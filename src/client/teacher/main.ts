/**
 * The teacher workspace (/teacher): sign in, classes, students, pairing codes,
 * and the live evidence grid (refreshed every 5 s). Plain DOM; no third-party
 * requests; student names are never logged.
 */
import '@fontsource/atkinson-hyperlegible/400.css'
import '@fontsource/atkinson-hyperlegible/700.css'
import './teacher.css'
import * as api from './api.js'
import { clear, h } from './dom.js'
import { evidenceGrid, legend } from './grid.js'

const REFRESH_MS = 5000

interface State {
  teacher?: api.TeacherInfo
  classes: api.ClassInfo[]
  selected?: string
  students: api.StudentInfo[]
  timer?: number
}

const state: State = { classes: [], students: [] }
const root = document.getElementById('teacher-app') ?? document.body

function message(el: HTMLElement, error: unknown): void {
  el.textContent = error instanceof Error ? error.message : 'Something went wrong'
}

function renderSignIn(): void {
  stopRefresh()
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
    error,
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    error.textContent = ''
    api.signIn(username.value, password.value).then(
      (teacher) => {
        state.teacher = teacher
        void loadWorkspace()
      },
      (e: unknown) => message(error, e),
    )
  })
  root.append(h('main', { className: 'centered' }, form))
  username.focus()
}

async function loadWorkspace(): Promise<void> {
  state.classes = await api.listClasses()
  if (!state.selected || !state.classes.some((c) => c.id === state.selected)) state.selected = state.classes[0]?.id
  renderWorkspace()
  if (state.selected) await selectClass(state.selected)
}

const classPanel = h('nav', { className: 'classes', 'aria-label': 'Classes' })
const classView = h('section', { className: 'class-view', 'aria-live': 'polite' })
const gridHolder = h('div', { className: 'grid-holder' })

function renderWorkspace(): void {
  clear(root)
  const signOut = h('button', { id: 'sign-out', type: 'button', className: 'secondary' }, 'Sign out')
  signOut.addEventListener('click', () => {
    api.signOut().finally(() => {
      state.teacher = undefined
      renderSignIn()
    })
  })
  root.append(
    h('header', { className: 'top' }, h('h1', {}, 'Fathom'), h('span', { className: 'who' }, `Signed in as ${state.teacher?.username ?? ''}`), signOut),
    h('div', { className: 'layout' }, classPanel, h('main', {}, classView, credentialsPanel)),
  )
  renderClasses()
  renderClassView()
  void renderCredentials()
}

const credentialsPanel = h('section', { className: 'credentials', 'aria-labelledby': 'credentials-title' })

/**
 * xAPI credentials for other tools (an LMS, a dashboard): key, label, scopes,
 * created, revoked. The secret is shown once, right after creating.
 */
async function renderCredentials(): Promise<void> {
  clear(credentialsPanel)
  const error = h('p', { className: 'error', role: 'alert' })
  const once = h('output', { className: 'secret-once', 'aria-live': 'polite' })
  let list: api.CredentialInfo[] = []
  try {
    list = await api.listCredentials()
  } catch (e) {
    message(error, e)
  }
  const rows = list.map((c) => {
    const revoke = h('button', { type: 'button', className: 'secondary', 'data-revoke': c.key, disabled: c.revokedAt !== null }, 'Revoke')
    revoke.addEventListener('click', () => {
      api.revokeCredential(c.key).then(() => void renderCredentials(), (e: unknown) => message(error, e))
    })
    return h(
      'tr',
      { 'data-credential-key': c.key },
      h('td', {}, h('code', {}, c.key)),
      h('td', {}, c.label ?? ''),
      h('td', {}, c.scopes.join(', ')),
      h('td', {}, new Date(c.createdAt).toLocaleString()),
      h('td', {}, c.revokedAt ? new Date(c.revokedAt).toLocaleString() : '—'),
      h('td', {}, revoke),
    )
  })
  const table = h(
    'table',
    { className: 'credential-list' },
    h('thead', {}, h('tr', {}, ...['Key', 'Label', 'Scopes', 'Created', 'Revoked', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows),
  )
  const label = h('input', { id: 'credential-label', name: 'credential-label', maxlength: '100', required: true })
  const boxes = api.XAPI_SCOPES.map((scope) => {
    const id = `scope-${scope.replace(/\W/g, '-')}`
    const box = h('input', { type: 'checkbox', id, value: scope, checked: scope === 'statements/read' })
    return { scope, box, el: h('label', { for: id, className: 'scope' }, box, ` ${scope}`) }
  })
  const form = h(
    'form',
    { className: 'create-credential' },
    h('label', { for: 'credential-label' }, 'Label'),
    label,
    h('fieldset', {}, h('legend', {}, 'Scopes'), ...boxes.map((b) => b.el)),
    h('button', { id: 'create-credential', type: 'submit' }, 'Create credential'),
    h('p', { className: 'hint' }, 'A credential reads only your classes’ statements and the statements it wrote itself.'),
    error,
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    error.textContent = ''
    const scopes = boxes.filter((b) => b.box.checked).map((b) => b.scope)
    api.createCredential(label.value, scopes).then(
      (created) => {
        void renderCredentials().then(() => {
          credentialsPanel.querySelector('.secret-once')?.append(
            h('p', {}, 'Copy these now — the secret is shown only once.'),
            h('p', {}, 'Endpoint: ', h('code', {}, created.endpoint)),
            h('p', {}, 'Key: ', h('code', {}, created.credential.key)),
            h('p', {}, 'Secret: ', h('code', { 'data-secret': '' }, created.secret)),
          )
        })
      },
      (e: unknown) => message(error, e),
    )
  })
  credentialsPanel.append(
    h('h2', { id: 'credentials-title' }, 'xAPI credentials'),
    list.length ? table : h('p', { className: 'empty' }, 'No credentials yet.'),
    once,
    form,
  )
}

function renderClasses(): void {
  clear(classPanel)
  const list = h(
    'ul',
    { className: 'class-list' },
    ...state.classes.map((c) => {
      const button = h('button', { type: 'button', 'data-class-id': c.id, 'aria-current': c.id === state.selected ? 'true' : undefined }, c.name)
      button.addEventListener('click', () => void selectClass(c.id))
      return h('li', {}, button)
    }),
  )
  const name = h('input', { id: 'class-name', name: 'class-name', maxlength: '100', required: true })
  const error = h('p', { className: 'error', role: 'alert' })
  const form = h(
    'form',
    { className: 'create-class' },
    h('label', { for: 'class-name' }, 'New class'),
    name,
    h('button', { id: 'create-class', type: 'submit' }, 'Create class'),
    error,
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    error.textContent = ''
    api.createClass(name.value).then(
      (created) => {
        state.classes.push(created)
        name.value = ''
        void selectClass(created.id)
      },
      (e: unknown) => message(error, e),
    )
  })
  classPanel.append(h('h2', {}, 'Classes'), state.classes.length ? list : h('p', { className: 'empty' }, 'No classes yet.'), form)
}

async function selectClass(classId: string): Promise<void> {
  state.selected = classId
  renderClasses()
  state.students = await api.listStudents(classId)
  renderClassView()
  await refreshGrid()
  startRefresh()
}

function renderClassView(): void {
  clear(classView)
  const klass = state.classes.find((c) => c.id === state.selected)
  if (!klass) {
    classView.append(h('p', { className: 'empty' }, 'Create a class to begin.'))
    return
  }
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
    api.addStudent(klass.id, name.value).then(
      (student) => {
        state.students.push(student)
        name.value = ''
        renderClassView()
        void refreshGrid()
      },
      (e: unknown) => message(error, e),
    )
  })
  const students = h(
    'ul',
    { className: 'students' },
    ...state.students.map((student) => {
      const output = h('output', { className: 'pairing-code', 'aria-live': 'polite' })
      const button = h('button', { type: 'button', className: 'secondary', 'data-student-id': student.id }, 'Get pairing code')
      button.addEventListener('click', () => {
        api.pairingCode(student.id).then(
          ({ code, expiresAt }) => {
            clear(output)
            const until = new Date(expiresAt).toLocaleTimeString(undefined, { timeStyle: 'short' })
            output.append(h('strong', { 'data-pairing-code': code }, code), ` — valid once, until ${until}`)
          },
          (e: unknown) => message(output, e),
        )
      })
      return h('li', {}, h('span', { className: 'student-name' }, student.displayName), button, output)
    }),
  )
  const csv = h('a', { id: 'download-csv', className: 'button', href: api.csvUrl(klass.id), download: true }, 'Download evidence (CSV)')
  classView.append(
    h('h2', {}, klass.name),
    form,
    state.students.length ? students : h('p', { className: 'empty' }, 'No students yet.'),
    h('div', { className: 'grid-header' }, h('h3', {}, 'Evidence'), csv),
    legend(),
    gridHolder,
  )
}

async function refreshGrid(): Promise<void> {
  const classId = state.selected
  if (!classId) return
  try {
    const evidence = await api.classEvidence(classId)
    if (classId !== state.selected) return
    clear(gridHolder)
    gridHolder.append(evidenceGrid(evidence))
  } catch (error) {
    if (error instanceof api.ApiError && error.status === 401) {
      state.teacher = undefined
      renderSignIn()
      return
    }
    clear(gridHolder)
    gridHolder.append(h('p', { className: 'error', role: 'alert' }, 'Could not refresh the evidence; retrying.'))
  }
}

function startRefresh(): void {
  stopRefresh()
  state.timer = window.setInterval(() => {
    if (document.visibilityState === 'visible') void refreshGrid()
  }, REFRESH_MS)
}

function stopRefresh(): void {
  if (state.timer !== undefined) window.clearInterval(state.timer)
  state.timer = undefined
}

api.currentSession().then(
  (teacher) => {
    if (!teacher) return renderSignIn()
    state.teacher = teacher
    void loadWorkspace()
  },
  () => renderSignIn(),
)
