import { describe, expect, it } from 'vitest'
import { pairingCodeFromUrl, pairWithCode, PairingError } from '../../src/client/app/pairing.js'
import { validateExpedition, ExpeditionLoadError, stationRun } from '../../src/client/app/expedition.js'
import manifest from '../../scenes/ocean/manifest.json'
import framework from '../../scenes/ocean/framework.json'

const answer = (status: number, body: unknown) =>
  (async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })) as unknown as typeof fetch

describe('pairing', () => {
  it('keeps actor, endpoint and credentials from the server', async () => {
    const pairing = await pairWithCode(
      answer(200, {
        student: { id: 's_1', displayName: 'Ada' },
        actor: { objectType: 'Agent', account: { homePage: 'http://x', name: 's_1' } },
        endpoint: 'http://x/xapi',
        auth: 'Basic abc',
      }),
      ' abc123 ',
      () => new Date('2026-01-01T00:00:00Z'),
    )
    expect(pairing).toEqual({
      student: { id: 's_1', displayName: 'Ada' },
      actor: { objectType: 'Agent', account: { homePage: 'http://x', name: 's_1' } },
      endpoint: 'http://x/xapi/',
      auth: 'Basic abc',
      pairedAt: '2026-01-01T00:00:00.000Z',
    })
  })

  it("shows the server's message for a bad or expired code", async () => {
    await expect(pairWithCode(answer(400, { message: 'That code is not valid' }), 'zzz')).rejects.toThrow('That code is not valid')
    const expired = await pairWithCode(answer(410, {}), 'zzz').catch((e: unknown) => e)
    expect(expired).toBeInstanceOf(PairingError)
    expect((expired as PairingError).status).toBe(410)
  })
})

describe('expedition loading', () => {
  it('accepts the ocean expedition', () => {
    const expedition = validateExpedition(manifest, framework)
    expect(expedition.competencies[0]!.statement.startsWith('I can ')).toBe(true)
    expect(stationRun(expedition, 'who-lives-where').place).toMatchObject({ expedition: 'ocean', station: 'who-lives-where', kind: 'sort' })
  })

  it('rejects a manifest whose task names an entity that does not exist, listing the problem', () => {
    const broken = structuredClone(manifest) as { stations: { task: { items: { entity: string }[] } }[] }
    broken.stations[1]!.task.items[0]!.entity = 'kraken'
    const error = (() => {
      try {
        validateExpedition(broken, framework)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(ExpeditionLoadError)
    expect((error as ExpeditionLoadError).problems.join('\n')).toMatch(/kraken/)
  })
})

describe('pairing card QR codes', () => {
  it('fill in the code from /?pair=CODE', () => {
    expect(pairingCodeFromUrl('?pair=abc234')).toBe('ABC234')
  })

  it('ignore a missing or malformed code', () => {
    expect(pairingCodeFromUrl('')).toBe('')
    expect(pairingCodeFromUrl('?pair=<script>')).toBe('')
  })
})
