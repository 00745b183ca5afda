/**
 * xAPI credentials for other tools (an LMS, a dashboard): key, label, scopes,
 * created, revoked. The secret is shown once, right after creating.
 */
import * as api from './api.js'
import { clear, h } from './dom.js'

function message(el: HTMLElement, error: unknown): void {
  el.textContent = error instanceof Error ? error.message : 'Something went wrong'
}

export async function renderCredentials(credentialsPanel: HTMLElement): Promise<void> {
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
      api.revokeCredential(c.key).then(() => void renderCredentials(credentialsPanel), (e: unknown) => message(error, e))
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
        void renderCredentials(credentialsPanel).then(() => {
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

