import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import type { GiftMonths, GiftOffer, Interval, SupportPreset } from '../db/schema.js'
import { validation } from '../http/problems.js'
import type { Locale } from '../locales.js'
import { localizedName } from '../web/localized.js'
import { giftPrice } from './offer.js'
import { giftableTiers, readSupportSettings, writeSupportSettings } from './settings.repository.js'

export interface GiftOption {
  months: GiftMonths
  amount: number
  currency: string
}
export interface SupportOffer {
  contributions: { currencies: string[]; presets: SupportPreset[]; minAmount: number; maxAmount: number }
  gifts: { tierId: string; name: string; options: GiftOption[] }[]
}

type Bounds = Pick<Config, 'contributionAmount'>

/** What readers are offered now: contribution currencies and presets, and priced gift options. */
/** What can be given; with a locale, tier names in that language (pages), else as staff wrote them (API). */
export async function supportOffer(db: Db, config: Bounds, locale?: Locale): Promise<SupportOffer> {
  const settings = await readSupportSettings(db)
  const rows = await giftableTiers(
    db,
    settings.gifts.map((g) => g.tierId),
  )
  const gifts = settings.gifts.flatMap((offer) => {
    const prices = rows.filter((r) => r.id === offer.tierId)
    if (prices.length === 0 || !prices[0]!.stripe_product_id) return []
    const options = offer.months.flatMap((months) => {
      const price = giftPrice(prices as { interval: Interval; amount: number; currency: string }[], months)
      return price ? [{ months, ...price }] : []
    })
    const { name, translations } = prices[0]!
    return options.length
      ? [{ tierId: offer.tierId, name: locale ? localizedName(name, translations, locale) : name, options }]
      : []
  })
  return {
    contributions: {
      currencies: settings.currencies,
      presets: settings.presets.filter((p) => settings.currencies.includes(p.currency)),
      minAmount: config.contributionAmount.min,
      maxAmount: config.contributionAmount.max,
    },
    gifts,
  }
}

/** Whether a contribution or a gift can be made at all (else /support has nothing to offer). */
export const offersAny = (offer: SupportOffer): boolean =>
  offer.contributions.currencies.length > 0 || offer.gifts.length > 0

export interface SupportUpdate {
  contributions?: { currencies: string[]; presets: SupportPreset[] } | undefined
  gifts?: GiftOffer[] | undefined
}

/**
 * Staff switch each way on or off: contributions with at least one currency, gifts with at least
 * one tier. Presets must be in an offered currency and within the bounds; gift tiers must exist.
 */
export async function updateSupport(db: Db, config: Bounds, update: SupportUpdate): Promise<SupportOffer> {
  const { min, max } = config.contributionAmount
  const contributions = update.contributions
  contributions?.presets.forEach((preset, i) => {
    if (!contributions.currencies.includes(preset.currency)) {
      throw validation(
        'A preset is in a currency that is not offered.',
        [{ path: `body.contributions.presets.${i}.currency`, message: 'is not one of the currencies' }],
        'preset-currency-not-offered',
      )
    }
    preset.amounts.forEach((amount, j) => {
      if (amount < min || amount > max) {
        throw validation(
          `Preset amounts must be between ${min} and ${max}.`,
          [
            {
              path: `body.contributions.presets.${i}.amounts.${j}`,
              message: `must be between ${min} and ${max}`,
            },
          ],
          'amount-out-of-range',
        )
      }
    })
  })
  if (update.gifts?.length) {
    const known = new Set(
      (
        await giftableTiers(
          db,
          update.gifts.map((g) => g.tierId),
        )
      ).map((t) => t.id),
    )
    update.gifts.forEach((gift, i) => {
      if (!known.has(gift.tierId)) {
        throw validation(
          'A gift names a tier that does not exist or is not active.',
          [{ path: `body.gifts.${i}.tierId`, message: 'is not an active tier' }],
          'gift-tier-not-active',
        )
      }
    })
  }
  await writeSupportSettings(db, {
    ...(contributions ?? {}),
    ...(update.gifts
      ? { gifts: update.gifts.map((g) => ({ ...g, months: [...new Set(g.months)].sort((a, b) => a - b) })) }
      : {}),
  })
  return supportOffer(db, config)
}
