// The eras expedition's data, as one lazy chunk: imported only through loadExpedition().
import manifest from '../../../../scenes/eras/manifest.json'
import framework from '../../../../scenes/eras/framework.json'

export const raw: { readonly manifest: unknown; readonly framework: unknown } = { manifest, framework }
