import { z } from 'zod'
import { bktParameterProblem, DEFAULT_BKT, type BktParameters } from '../mastery/bkt.js'

/**
 * A competency framework shaped like 1EdTech CASE 1.0: one CFDocument, its
 * CFItems (each an "I can…" competency with a standard code) and
 * CFAssociations (alignment to external standards, prerequisites).
 * Fathom adds one property per item, `mastery`, holding the BKT parameters.
 */

const uuid = z.uuid()
const iri = z.url()

const nodeRef = z.strictObject({
  identifier: z.string().min(1),
  uri: iri,
  title: z.string().min(1).optional(),
})

const masterySchema = z
  .strictObject({
    pInit: z.number(),
    pTransit: z.number(),
    pGuess: z.number(),
    pSlip: z.number(),
  })
  .partial()

const itemSchema = z.strictObject({
  identifier: uuid,
  uri: iri,
  /** The "I can…" statement shown to the student. */
  fullStatement: z.string().regex(/^I can /, 'fullStatement must be an "I can …" statement'),
  abbreviatedStatement: z.string().min(1).optional(),
  /** The standard code this item is written against, e.g. NGSS MS-LS2-1. */
  humanCodingScheme: z.string().min(1),
  CFItemType: z.string().min(1),
  educationLevel: z.array(z.string()).optional(),
  lastChangeDateTime: z.iso.datetime({ offset: true }),
  mastery: masterySchema.optional(),
})

const associationSchema = z.strictObject({
  identifier: uuid,
  uri: iri,
  associationType: z.enum(['isChildOf', 'isPeerOf', 'isPartOf', 'exactMatchOf', 'precedes', 'isRelatedTo', 'replacedBy', 'exemplar', 'hasSkillLevel']),
  originNodeURI: nodeRef,
  destinationNodeURI: nodeRef,
  lastChangeDateTime: z.iso.datetime({ offset: true }),
})

const frameworkSchema = z.strictObject({
  CFDocument: z.strictObject({
    identifier: uuid,
    uri: iri,
    creator: z.string().min(1),
    title: z.string().min(1),
    description: z.string().optional(),
    subject: z.array(z.string()).optional(),
    language: z.string().optional(),
    adoptionStatus: z.string().optional(),
    lastChangeDateTime: z.iso.datetime({ offset: true }),
  }),
  CFItems: z.array(itemSchema).min(1),
  CFAssociations: z.array(associationSchema),
})

export type FrameworkDocument = z.infer<typeof frameworkSchema>
export type CompetencyItem = z.infer<typeof itemSchema>
export type CompetencyAssociation = z.infer<typeof associationSchema>

/** A competency as the rest of Fathom uses it: resolved, with full BKT parameters. */
export interface Competency {
  /** The item's URI: the competency's IRI in statements and evidence. */
  readonly id: string
  readonly identifier: string
  readonly statement: string
  readonly shortName: string
  readonly code: string
  readonly bkt: BktParameters
  /** External standards the item is aligned to (destination URIs and titles). */
  readonly alignments: readonly { readonly uri: string; readonly code: string; readonly type: string }[]
  /** IRIs of competencies that must be proficient first (`precedes` associations). */
  readonly prerequisites: readonly string[]
}

export interface Framework {
  readonly document: FrameworkDocument
  readonly competencies: readonly Competency[]
}

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly string[] }

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
}

/** Validates a framework file and resolves its competencies. */
export function parseFramework(input: unknown): ParseResult<Framework> {
  const parsed = frameworkSchema.safeParse(input)
  if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error) }
  const doc = parsed.data
  const errors: string[] = []
  const byIdentifier = new Map(doc.CFItems.map((item) => [item.identifier, item]))
  if (byIdentifier.size !== doc.CFItems.length) errors.push('CFItems: identifiers must be unique')
  const uris = new Set(doc.CFItems.map((item) => item.uri))
  if (uris.size !== doc.CFItems.length) errors.push('CFItems: uris must be unique')

  const competencies = doc.CFItems.map((item, index): Competency => {
    const bkt = { ...DEFAULT_BKT, ...item.mastery }
    const problem = bktParameterProblem(bkt)
    if (problem) errors.push(`CFItems.${index}.mastery: ${problem}`)
    const own = doc.CFAssociations.filter((a) => a.originNodeURI.identifier === item.identifier)
    return {
      id: item.uri,
      identifier: item.identifier,
      statement: item.fullStatement,
      shortName: item.abbreviatedStatement ?? item.humanCodingScheme,
      code: item.humanCodingScheme,
      bkt,
      alignments: own
        .filter((a) => a.associationType === 'exactMatchOf' || a.associationType === 'isRelatedTo' || a.associationType === 'isPartOf')
        .map((a) => ({ uri: a.destinationNodeURI.uri, code: a.destinationNodeURI.title ?? a.destinationNodeURI.identifier, type: a.associationType })),
      prerequisites: doc.CFAssociations.filter(
        (a) => a.associationType === 'precedes' && a.destinationNodeURI.identifier === item.identifier,
      ).map((a) => a.originNodeURI.uri),
    }
  })
  doc.CFAssociations.forEach((a, index) => {
    if (!byIdentifier.has(a.originNodeURI.identifier)) {
      errors.push(`CFAssociations.${index}.originNodeURI: must name an item of this framework`)
    }
    if (a.associationType === 'precedes' && !byIdentifier.has(a.destinationNodeURI.identifier)) {
      errors.push(`CFAssociations.${index}.destinationNodeURI: a precedes association must point at an item of this framework`)
    }
  })
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { document: doc, competencies } }
}
