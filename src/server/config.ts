import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname, networkInterfaces } from 'node:os'
import { join, resolve } from 'node:path'
import { generate } from 'selfsigned'

/** The server's configuration: environment variables, then command-line flags. */
export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly dataDir: string
  /** LAN mode: bind 0.0.0.0 and serve HTTPS (headsets need a secure context for WebXR). */
  readonly lan: boolean
  readonly tlsCertFile?: string
  readonly tlsKeyFile?: string
  /** Origin used as the xAPI account homePage and in pairing answers; derived when absent. */
  readonly publicUrl?: string
  readonly staticDir: string
  readonly scenesDir: string
  readonly adminPassword?: string
  /** Request body limit in bytes for /api (FATHOM_BODY_LIMIT, default 1 MiB). */
  readonly bodyLimit: number
  /** Request body limit in bytes for /xapi, attachments included (FATHOM_XAPI_BODY_LIMIT; default FATHOM_BODY_LIMIT when set, else 16 MiB). */
  readonly xapiBodyLimit: number
  /** Most statements in one POST batch (FATHOM_MAX_BATCH, default 1000); larger batches get 413. */
  readonly maxBatch: number
  /** Requests per minute per credential on /xapi (FATHOM_RATE_LIMIT, default 6000; 0 turns it off). */
  readonly rateLimit: number
  readonly logLevel: string
  /** How often the retention sweep runs, in ms (FATHOM_RETENTION_SWEEP_MS, default 1 hour; 0 turns the timer off). */
  readonly retentionSweepMs: number
  /** PostgreSQL connection URL (DATABASE_URL); when absent the store is SQLite in dataDir. */
  readonly databaseUrl?: string
}

export class ConfigError extends Error {}

function portOf(value: string, name: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${name} must be a port number (0-65535), got "${value}"`)
  return port
}

function originOf(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(`FATHOM_PUBLIC_URL must be an absolute http(s) URL, got "${value}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('FATHOM_PUBLIC_URL must use http or https')
  return url.origin
}

/** Reads the configuration. Flags: `--lan`, `--port N`, `--data DIR`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv.slice(2)): ServerConfig {
  let lan = env.FATHOM_LAN === '1' || env.FATHOM_LAN === 'true'
  let port = env.FATHOM_PORT !== undefined && env.FATHOM_PORT !== '' ? portOf(env.FATHOM_PORT, 'FATHOM_PORT') : 8080
  let dataDir = env.FATHOM_DATA_DIR || './data'
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--lan') lan = true
    else if (arg === '--port') port = portOf(argv[++i] ?? '', '--port')
    else if (arg?.startsWith('--port=')) port = portOf(arg.slice('--port='.length), '--port')
    else if (arg === '--data') {
      const dir = argv[++i]
      if (!dir) throw new ConfigError('--data needs a directory')
      dataDir = dir
    } else if (arg?.startsWith('--data=')) dataDir = arg.slice('--data='.length)
  }
  const host = lan ? '0.0.0.0' : env.FATHOM_HOST || '127.0.0.1'
  const tlsCertFile = env.FATHOM_TLS_CERT || undefined
  const tlsKeyFile = env.FATHOM_TLS_KEY || undefined
  if ((tlsCertFile === undefined) !== (tlsKeyFile === undefined)) throw new ConfigError('Set both FATHOM_TLS_CERT and FATHOM_TLS_KEY, or neither')
  const bodyLimit = env.FATHOM_BODY_LIMIT ? Number(env.FATHOM_BODY_LIMIT) : 1024 * 1024
  if (!Number.isInteger(bodyLimit) || bodyLimit <= 0) throw new ConfigError('FATHOM_BODY_LIMIT must be a positive number of bytes')
  const xapiBodyLimit = env.FATHOM_XAPI_BODY_LIMIT ? Number(env.FATHOM_XAPI_BODY_LIMIT) : env.FATHOM_BODY_LIMIT ? bodyLimit : 16 * 1024 * 1024
  if (!Number.isInteger(xapiBodyLimit) || xapiBodyLimit <= 0) throw new ConfigError('FATHOM_XAPI_BODY_LIMIT must be a positive number of bytes')
  const maxBatch = env.FATHOM_MAX_BATCH ? Number(env.FATHOM_MAX_BATCH) : 1000
  if (!Number.isInteger(maxBatch) || maxBatch <= 0) throw new ConfigError('FATHOM_MAX_BATCH must be a positive whole number of statements')
  const rateLimit = env.FATHOM_RATE_LIMIT !== undefined && env.FATHOM_RATE_LIMIT !== '' ? Number(env.FATHOM_RATE_LIMIT) : 6000
  if (!Number.isInteger(rateLimit) || rateLimit < 0) throw new ConfigError('FATHOM_RATE_LIMIT must be a whole number of requests per minute (0 = no limit)')
  const retentionSweepMs = env.FATHOM_RETENTION_SWEEP_MS !== undefined && env.FATHOM_RETENTION_SWEEP_MS !== '' ? Number(env.FATHOM_RETENTION_SWEEP_MS) : 3600_000
  if (!Number.isInteger(retentionSweepMs) || retentionSweepMs < 0) throw new ConfigError('FATHOM_RETENTION_SWEEP_MS must be a whole number of milliseconds (0 = no timer)')
  return {
    port,
    host,
    dataDir: resolve(dataDir),
    lan,
    ...(tlsCertFile && tlsKeyFile ? { tlsCertFile: resolve(tlsCertFile), tlsKeyFile: resolve(tlsKeyFile) } : {}),
    ...(env.FATHOM_PUBLIC_URL ? { publicUrl: originOf(env.FATHOM_PUBLIC_URL) } : {}),
    staticDir: resolve(env.FATHOM_STATIC_DIR || './dist'),
    scenesDir: resolve(env.FATHOM_SCENES_DIR || './scenes'),
    ...(env.FATHOM_ADMIN_PASSWORD ? { adminPassword: env.FATHOM_ADMIN_PASSWORD } : {}),
    bodyLimit,
    xapiBodyLimit,
    maxBatch,
    rateLimit,
    retentionSweepMs,
    logLevel: env.FATHOM_LOG_LEVEL || 'info',
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
  }
}

/** True when the server speaks HTTPS (LAN mode, or a certificate was given). */
export function usesTls(config: ServerConfig): boolean {
  return config.lan || config.tlsCertFile !== undefined
}

/** IPv4 addresses of this machine's non-internal interfaces. */
export function lanAddresses(): string[] {
  const out: string[] = []
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) {
      if (!info.internal && info.family === 'IPv4') out.push(info.address)
    }
  }
  return out
}

/** The origin a client reaches the server at, for a given bound port. */
export function derivePublicUrl(config: ServerConfig, boundPort: number): string {
  if (config.publicUrl) return config.publicUrl
  const protocol = usesTls(config) ? 'https' : 'http'
  let host = config.host
  if (host === '0.0.0.0' || host === '::') host = lanAddresses()[0] ?? '127.0.0.1'
  if (host.includes(':')) host = `[${host}]`
  const defaultPort = protocol === 'https' ? 443 : 80
  return boundPort === defaultPort ? `${protocol}://${host}` : `${protocol}://${host}:${boundPort}`
}

export interface TlsMaterial {
  readonly key: string
  readonly cert: string
  /** Where the certificate came from, for the start-up message. */
  readonly source: 'files' | 'generated' | 'reused'
  readonly certPath: string
}

/**
 * The TLS key and certificate: the school's files when given; otherwise a
 * self-signed certificate made once in the data dir (SAN: localhost, this
 * machine's hostname and LAN addresses) and reused on later starts.
 */
export async function loadTls(config: ServerConfig): Promise<TlsMaterial | undefined> {
  if (config.tlsCertFile && config.tlsKeyFile) {
    return { key: readFileSync(config.tlsKeyFile, 'utf8'), cert: readFileSync(config.tlsCertFile, 'utf8'), source: 'files', certPath: config.tlsCertFile }
  }
  if (!config.lan) return undefined
  const dir = join(config.dataDir, 'tls')
  const certPath = join(dir, 'self-signed-cert.pem')
  const keyPath = join(dir, 'self-signed-key.pem')
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), source: 'reused', certPath }
  }
  const name = hostname()
  const dnsNames = [...new Set(['localhost', name, name.includes('.') ? name : `${name}.local`])]
  const ips = [...new Set(['127.0.0.1', ...lanAddresses()])]
  const notBeforeDate = new Date()
  const notAfterDate = new Date(notBeforeDate.getTime() + 825 * 24 * 3600 * 1000)
  const pems = await generate([{ name: 'commonName', value: name }, { name: 'organizationName', value: 'Fathom (self-signed)' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...dnsNames.map((value) => ({ type: 2 as const, value })), ...ips.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  })
  mkdirSync(dir, { recursive: true })
  writeFileSync(keyPath, pems.private, { mode: 0o600 })
  writeFileSync(certPath, pems.cert)
  return { key: pems.private, cert: pems.cert, source: 'generated', certPath }
}
