/** The app's own font, served from /fonts (assets/fonts, SIL OFL 1.1). */
export const FONT_FAMILY = 'Atkinson Hyperlegible'

const FACES = [
  { weight: '400', file: '/fonts/atkinson-hyperlegible-latin-400-normal.woff2' },
  { weight: '700', file: '/fonts/atkinson-hyperlegible-latin-700-normal.woff2' },
] as const

let loading: Promise<void> | null = null

/**
 * Loads the font faces before any canvas text is drawn (a canvas draws with a
 * fallback font otherwise, and never redraws by itself).
 */
export function loadAppFont(): Promise<void> {
  loading ??= (async () => {
    if (typeof document === 'undefined' || typeof FontFace === 'undefined') return
    await Promise.all(
      FACES.map(async ({ weight, file }) => {
        const face = new FontFace(FONT_FAMILY, `url(${file}) format('woff2')`, { weight, style: 'normal' })
        document.fonts.add(await face.load())
      }),
    )
    await document.fonts.load(`700 32px "${FONT_FAMILY}"`)
  })().catch((error: unknown) => {
    console.warn('Fathom: font did not load; text falls back to the system font', error)
  })
  return loading
}
