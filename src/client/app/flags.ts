/** Switches read from the URL. Test-only switches never change what a student sees by default. */
export interface AppFlags {
  /** `?emulate=quest3`: install the iwer Quest 3 emulator (tests only). */
  readonly emulate: 'quest3' | null
  /** `?test=1`: expose the test hooks without emulation (desktop tests). */
  readonly test: boolean
  /** `?freeze=1`: stop ambient animation so rays hit still targets. */
  readonly freeze: boolean
}

export function readFlags(search: string): AppFlags {
  const params = new URLSearchParams(search)
  return {
    emulate: params.get('emulate') === 'quest3' ? 'quest3' : null,
    test: params.get('test') === '1',
    freeze: params.get('freeze') === '1',
  }
}
