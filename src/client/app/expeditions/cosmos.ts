// The cosmos expedition's data, as one lazy chunk: imported only through loadExpedition().
import manifest from '../../../../scenes/cosmos/manifest.json'
import framework from '../../../../scenes/cosmos/framework.json'

export const raw: { readonly manifest: unknown; readonly framework: unknown } = { manifest, framework }
