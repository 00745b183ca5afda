#!/usr/bin/env node
// Makes sure Debian's Chromium is installed at /usr/bin/chromium for the e2e tests.
// Playwright's own browser download cannot work on these machines (no internet
// apart from the npm registry and Debian's packages), so we use apt.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'

const CHROMIUM = '/usr/bin/chromium'

function run(command, args) {
  console.log(`[ensure-chromium] $ ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  if (result.error) return `${command} could not start: ${result.error.message}`
  if (result.status !== 0) return `${command} ${args.join(' ')} exited with status ${result.status}`
  return null
}

if (existsSync(CHROMIUM)) {
  console.log(`[ensure-chromium] ${CHROMIUM} is present`)
  process.exit(0)
}

console.log(`[ensure-chromium] ${CHROMIUM} is missing: installing Debian's chromium package with apt-get`)
if (typeof process.getuid === 'function' && process.getuid() !== 0) {
  console.error('[ensure-chromium] not running as root: install it yourself with `sudo apt-get install -y chromium`')
  process.exit(1)
}
const problem = run('apt-get', ['update']) ?? run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'])
if (problem || !existsSync(CHROMIUM)) {
  console.error(`[ensure-chromium] could not install Chromium: ${problem ?? `${CHROMIUM} still missing after install`}`)
  console.error('[ensure-chromium] the e2e tests need Debian Chromium at /usr/bin/chromium (apt-get install -y chromium)')
  process.exit(1)
}
console.log(`[ensure-chromium] installed ${CHROMIUM}`)
