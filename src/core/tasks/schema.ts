import { z } from 'zod'

/** Text for each support step, asked for or earned by misses. */
export const hintsSchema = z.strictObject({
  nudge: z.string().min(1),
  'worked-hint': z.string().min(1),
  scaffold: z.string().min(1),
})

/** The fields every task kind shares; each kind's schema spreads these. */
export const taskBasicsShape = {
  prompt: z.string().min(1),
  tier: z.enum(['core', 'transfer']),
  /** IRIs of the competencies this task gives evidence for. */
  competencies: z.array(z.url()).min(1),
  /** Share of answers right on the first try, without hints, needed to pass. */
  passingScore: z.number().min(0).max(1).default(0.75),
  hints: hintsSchema,
} as const

/** An id as written in manifests: lower-case words joined by hyphens. */
export const slug = z.string().regex(/^[a-z0-9-]+$/, 'ids are lower-case words joined by hyphens')
