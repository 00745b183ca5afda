/**
 * Statement exports that stream with constant memory: pages of statements are
 * read from the store by sequence number (bounded by the sequence number at the
 * start, so an export is a consistent snapshot) and written out one page at a
 * time as CSV, NDJSON or a JSON array. The total is known up front
 * (Store#countStatements) and sent as X-Fathom-Total so the page can show progress.
 */
import { Readable } from 'node:stream'
import { competenciesOf } from '../../core/evidence/derive.js'
import { describeStatement, durationSeconds } from '../../core/evidence/describe.js'
import type { Statement } from '../../core/xapi/types.js'
import { EXTENSION } from '../../core/xapi/vocabulary.js'
import type { Store } from '../db/store.js'
import { csvCell } from './evidence.js'
import { yieldToOthers } from './yield.js'

export const PAGE = 100

export type StatementFormat = 'csv' | 'ndjson' | 'json'

export const STATEMENT_CSV_HEADER = [
  'statement_id',
  'timestamp',
  'stored',
  'student',
  'student_id',
  'verb',
  'object_id',
  'object_name',
  'expedition',
  'station',
  'competencies',
  'success',
  'response',
  'hints_used',
  'duration_s',
  'description',
] as const

function englishName(map: Readonly<Record<string, string>> | undefined): string {
  return map ? (map.en ?? map['en-US'] ?? Object.values(map)[0] ?? '') : ''
}

export function statementCsvRow(s: Statement & { stored?: string }, studentId: string | null, names: ReadonlyMap<string, string>): string {
  const ext = s.context?.extensions ?? {}
  const object = s.object as { id?: string; definition?: { name?: Record<string, string> } }
  const hints = s.result?.extensions?.[EXTENSION.hintsUsed]
  const label = s.result?.extensions?.[EXTENSION.responseLabel]
  const seconds = durationSeconds(s.result?.duration)
  return [
    s.id,
    s.timestamp,
    s.stored ?? '',
    studentId ? (names.get(studentId) ?? '') : '',
    studentId ?? '',
    s.verb.id,
    object.id ?? '',
    englishName(object.definition?.name),
    typeof ext[EXTENSION.expedition] === 'string' ? (ext[EXTENSION.expedition] as string) : '',
    typeof ext[EXTENSION.station] === 'string' ? (ext[EXTENSION.station] as string) : '',
    competenciesOf(s).join(' '),
    typeof s.result?.success === 'boolean' ? String(s.result.success) : '',
    typeof label === 'string' ? label : (s.result?.response ?? ''),
    typeof hints === 'number' ? hints : null,
    seconds === undefined ? null : Number(seconds.toFixed(3)),
    describeStatement(s),
  ]
    .map((v) => csvCell(v as string | number | null))
    .join(',')
}

export interface StatementExport {
  readonly total: number
  readonly maxSeq: number
  readonly stream: Readable
}

/**
 * The statements of these students (non-voided, stored order), as a stream.
 * `names` maps student ids to display names for the CSV's `student` column.
 */
export async function exportStatements(
  store: Store,
  studentIds: readonly string[],
  format: StatementFormat,
  names: ReadonlyMap<string, string>,
  attachmentUrl?: (studentId: string, sha2: string) => string,
): Promise<StatementExport> {
  /**
   * xAPI formats: an attachment that came as a multipart part (no fileUrl) gets a
   * fileUrl where its content can be fetched (the teacher's artifact URL), so any
   * LRS accepts the statement without the part. The content itself is in the
   * student's all.json export.
   */
  const xapiBody = (body: string, studentId: string | null): string => {
    if (!attachmentUrl || studentId === null || !body.includes('"attachments"')) return body
    const s = JSON.parse(body) as { attachments?: { sha2: string; fileUrl?: string }[] }
    if (!s.attachments?.some((a) => a.fileUrl === undefined)) return body
    s.attachments = s.attachments.map((a) => (a.fileUrl === undefined ? { ...a, fileUrl: attachmentUrl(studentId, a.sha2.toLowerCase()) } : a))
    return JSON.stringify(s)
  }
  const maxSeq = await store.lastSeq()
  // Counted student by student, with a turn of the event loop between: counting
  // a million rows of a class in one query held every other request ~1 s.
  let total = 0
  for (const id of studentIds) {
    total += await store.countStatements([id], maxSeq)
    await yieldToOthers()
  }
  async function* pages(): AsyncGenerator<string> {
    if (format === 'csv') yield `\uFEFF${STATEMENT_CSV_HEADER.join(',')}\r\n`
    if (format === 'json') yield '['
    let cursor = 0
    let first = true
    if (studentIds.length === 0) {
      if (format === 'json') yield ']\n'
      return
    }
    for (;;) {
      const rows = await store.queryStatements({ visibleTo: { studentIds, credentialKeys: [] }, cursor, maxSeq, ascending: true, limit: PAGE })
      if (rows.length === 0) break
      let chunk = ''
      for (const row of rows) {
        if (format === 'ndjson') chunk += `${xapiBody(row.body, row.studentId)}\n`
        else if (format === 'json') {
          chunk += `${first ? '\n' : ',\n'}${xapiBody(row.body, row.studentId)}`
          first = false
        } else chunk += `${statementCsvRow(JSON.parse(row.body) as Statement, row.studentId, names)}\r\n`
      }
      cursor = rows[rows.length - 1]!.seq
      yield chunk
      if (rows.length < PAGE) break
      await yieldToOthers()
    }
    if (format === 'json') yield '\n]\n'
  }
  return { total, maxSeq, stream: Readable.from(pages(), { objectMode: false, highWaterMark: 1 }) }
}
