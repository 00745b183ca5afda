/**
 * Legibility of in-world text: the angle one line of text takes up at the
 * reader's eye. learning-design.md asks for about 0.35–0.4° per line at
 * reading distance (panels 1.2–3 m away).
 */

/** The smallest angle per line the panels are built for, degrees. */
export const MIN_LINE_ANGLE_DEGREES = 0.4

/** The farthest reading distance panels are placed at, metres. */
export const MAX_READING_DISTANCE_METRES = 3

/** The angle one line subtends, degrees, for a line height in metres at a distance in metres. */
export function lineAngleDegrees(lineHeightMetres: number, distanceMetres: number): number {
  return (2 * Math.atan(lineHeightMetres / 2 / distanceMetres) * 180) / Math.PI
}

/**
 * Line height in metres of text drawn into a canvas texture: `fontPx` pixels on
 * a panel of `pixelsPerMetre`, with a line spacing, scaled by the text-size setting.
 */
export function panelLineHeightMetres(fontPx: number, pixelsPerMetre: number, lineSpacing = 1.25, scale = 1): number {
  return ((fontPx * lineSpacing) / pixelsPerMetre) * scale
}

/** The farthest distance at which a line stays at least `minDegrees` tall. */
export function maxLegibleDistance(lineHeightMetres: number, minDegrees = MIN_LINE_ANGLE_DEGREES): number {
  return lineHeightMetres / 2 / Math.tan((minDegrees * Math.PI) / 360)
}
