/**
 * vitest globalSetup of the `server-postgres` project: starts a throwaway
 * PostgreSQL cluster (installing Debian's postgresql first when it is missing)
 * and provides its superuser URL to the tests as `inject('fathomPostgresUrl')`.
 * If PostgreSQL cannot be installed or started this throws, and the run fails
 * with that message: the PostgreSQL suite is never skipped silently.
 */
import type { TestProject } from 'vitest/node'
import { startCluster, type Cluster } from './cluster.js'

declare module 'vitest' {
  export interface ProvidedContext {
    fathomPostgresUrl: string
  }
}

let cluster: Cluster | undefined

export async function setup(project: TestProject): Promise<void> {
  try {
    cluster = await startCluster()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(`The PostgreSQL half of the server suite needs a PostgreSQL server and could not start one:\n${message}`)
  }
  project.provide('fathomPostgresUrl', cluster.url)
}

export async function teardown(): Promise<void> {
  cluster?.stop()
  cluster = undefined
}
