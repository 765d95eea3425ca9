import type { Db } from '../db/connect.js'
import type { GiftOffer, SupportPreset } from '../db/schema.js'

export interface SupportSettings {
  currencies: string[]
  presets: SupportPreset[]
  gifts: GiftOffer[]
}

export async function readSupportSettings(db: Db): Promise<SupportSettings> {
  const row = await db
    .selectFrom('support_settings')
    .select(['currencies', 'presets', 'gifts'])
    .executeTakeFirst()
  return row ?? { currencies: [], presets: [], gifts: [] }
}

export async function writeSupportSettings(db: Db, settings: Partial<SupportSettings>): Promise<void> {
  await db
    .updateTable('support_settings')
    .set({
      ...(settings.currencies ? { currencies: settings.currencies } : {}),
      ...(settings.presets ? { presets: JSON.stringify(settings.presets) } : {}),
      ...(settings.gifts ? { gifts: JSON.stringify(settings.gifts) } : {}),
      updated_at: new Date(),
    })
    .execute()
}

/** Active tiers with their active prices, for pricing gifts. */
export async function giftableTiers(db: Db, tierIds: string[]) {
  if (tierIds.length === 0) return []
  return db
    .selectFrom('tiers as t')
    .innerJoin('prices as p', 'p.tier_id', 't.id')
    .select([
      't.id',
      't.name',
      't.translations',
      't.stripe_product_id',
      'p.interval',
      'p.amount',
      'p.currency',
    ])
    .where('t.id', 'in', tierIds)
    .where('t.active', '=', true)
    .where('p.active', '=', true)
    .where('p.base_price_id', 'is', null)
    .execute()
}
