// The ocean expedition's data, as one lazy chunk: imported only through loadExpedition().
import manifest from '../../../../scenes/ocean/manifest.json'
import framework from '../../../../scenes/ocean/framework.json'

export const raw: { readonly manifest: unknown; readonly framework: unknown } = { manifest, framework }
