import { CanvasTexture, SRGBColorSpace } from 'three'
import { FONT_FAMILY } from '../ui/font.js'

export interface TextBlock {
  readonly text: string
  /** Font size in canvas pixels. */
  readonly size: number
  readonly weight?: 400 | 700
  readonly colour?: string
  /** Space after the block, in canvas pixels. */
  readonly gap?: number
}

export interface CardOptions {
  readonly width: number
  readonly height: number
  readonly background: string
  readonly border?: string
  readonly padding?: number
  readonly radius?: number
  readonly align?: 'left' | 'center'
  readonly vertical?: 'top' | 'middle'
}

function wrap(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(/\s+/)) {
      const candidate = line ? `${line} ${word}` : word
      if (ctx.measureText(candidate).width > maxWidth && line) {
        lines.push(line)
        line = word
      } else line = candidate
    }
    lines.push(line)
  }
  return lines
}

/** Draws a rounded card with wrapped text blocks onto a canvas. */
export function drawCard(canvas: HTMLCanvasElement, blocks: readonly TextBlock[], options: CardOptions): void {
  canvas.width = options.width
  canvas.height = options.height
  const ctx = canvas.getContext('2d')!
  const pad = options.padding ?? 24
  const r = options.radius ?? 24
  ctx.clearRect(0, 0, options.width, options.height)
  ctx.beginPath()
  ctx.roundRect(2, 2, options.width - 4, options.height - 4, r)
  ctx.fillStyle = options.background
  ctx.fill()
  if (options.border) {
    ctx.lineWidth = 4
    ctx.strokeStyle = options.border
    ctx.stroke()
  }
  const laid = blocks.map((block) => {
    ctx.font = `${block.weight ?? 400} ${block.size}px "${FONT_FAMILY}", system-ui, sans-serif`
    return { block, lines: wrap(ctx, block.text, options.width - pad * 2) }
  })
  const total = laid.reduce((h, { block, lines }) => h + lines.length * block.size * 1.25 + (block.gap ?? 0), 0)
  let y = options.vertical === 'middle' ? (options.height - total) / 2 : pad
  ctx.textBaseline = 'top'
  ctx.textAlign = options.align === 'center' ? 'center' : 'left'
  const x = options.align === 'center' ? options.width / 2 : pad
  for (const { block, lines } of laid) {
    ctx.font = `${block.weight ?? 400} ${block.size}px "${FONT_FAMILY}", system-ui, sans-serif`
    ctx.fillStyle = block.colour ?? '#ffffff'
    for (const line of lines) {
      ctx.fillText(line, x, y)
      y += block.size * 1.25
    }
    y += block.gap ?? 0
  }
}

/** A canvas texture for a card; redraw with `drawCard` then set `needsUpdate`. */
export function cardTexture(blocks: readonly TextBlock[], options: CardOptions): CanvasTexture {
  const canvas = document.createElement('canvas')
  drawCard(canvas, blocks, options)
  const texture = new CanvasTexture(canvas)
  texture.colorSpace = SRGBColorSpace
  texture.anisotropy = 4
  return texture
}
