import type { FathomDatabase, Pairing } from './db.js'

/** The headset's pairing, kept so a reload stays paired. */
export class PairingRepository {
  constructor(private readonly db: FathomDatabase) {}

  load(): Promise<Pairing | undefined> {
    return this.db.get('pairing', 'current')
  }

  async save(pairing: Pairing): Promise<void> {
    const tx = this.db.transaction('pairing', 'readwrite', { durability: 'strict' })
    await Promise.all([tx.store.put(pairing, 'current'), tx.done])
  }

  async clear(): Promise<void> {
    await this.db.delete('pairing', 'current')
  }
}
