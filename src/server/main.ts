/**
 * `npm run serve`: starts the portfolio server. Prints the student and teacher
 * URLs, the initial teacher's password on first start, and a machine-readable
 * `FATHOM_LISTENING <url>` line (tests start it with FATHOM_PORT=0 and read it).
 */
import { buildServer, type FathomServer } from './app.js'
import { ConfigError, lanAddresses, loadConfig } from './config.js'
import { FrameworkLoadError } from './frameworks.js'

async function main(): Promise<void> {
  let server: FathomServer
  try {
    const config = loadConfig()
    server = await buildServer(config)
  } catch (error) {
    if (error instanceof ConfigError || error instanceof FrameworkLoadError) {
      console.error(`Fathom could not start: ${error.message}`)
      process.exit(1)
    }
    throw error
  }
  const { config } = server.context
  const url = await server.listen()

  const lines = ['', 'Fathom portfolio server is running.', `  Student app:  ${url}/`, `  Teacher:      ${url}/teacher`, `  xAPI LRS:     ${url}/xapi/`]
  if (config.lan) {
    const others = lanAddresses().map((ip) => `https://${ip}:${new URL(url).port || 443}`)
    if (others.length > 1) lines.push(`  Also reachable at: ${others.join(', ')}`)
    if (server.tls?.source !== 'files') {
      lines.push(`  TLS: self-signed certificate ${server.tls?.certPath ?? ''}`, '       (headsets will ask to trust it once; set FATHOM_TLS_CERT/FATHOM_TLS_KEY to use the school\'s own)')
    }
  }
  const admin = server.context.initialAdmin
  if (admin) {
    lines.push('', `  First start: created teacher "${admin.username}".`)
    if (admin.generatedPassword) {
      lines.push(`  Password (shown only now, stored only as a hash): ${admin.generatedPassword}`, '  Change it with: npm run admin -- reset-password admin')
    } else {
      lines.push('  Password: the one in FATHOM_ADMIN_PASSWORD.')
    }
  }
  console.log(`${lines.join('\n')}\n`)
  console.log(`FATHOM_LISTENING ${url}`)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    server.app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Error while shutting down', error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error('Fathom could not start:', error)
  process.exit(1)
})
