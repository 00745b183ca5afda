import { afterAll, beforeAll } from 'vitest'
import { launchBrowser, startServer, Teacher, type Browser, type RunningServer } from './harness.js'

/** What a file of browser tests shares: the real server, its first teacher signed in, and one Chromium. */
export interface Classroom {
  readonly server: RunningServer
  readonly teacher: Teacher
  readonly browser: Browser
}

/**
 * Registers (inside a describe) the start of a classroom before its tests and
 * its stop after them. Read the fields inside the tests, once beforeAll has run.
 */
export function useClassroom(): Classroom {
  let room: Classroom | undefined
  let server: RunningServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await startServer()
    const teacher = new Teacher(server.url)
    await teacher.login()
    browser = await launchBrowser()
    room = { server, teacher, browser }
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  const ready = (): Classroom => {
    if (!room) throw new Error('the classroom is read before beforeAll started it')
    return room
  }
  return {
    get server() {
      return ready().server
    },
    get teacher() {
      return ready().teacher
    },
    get browser() {
      return ready().browser
    },
  }
}
