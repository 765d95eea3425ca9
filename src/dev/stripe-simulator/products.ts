import type { SimulatorStore } from './core.js'

/** Products and prices in the fake: recurring prices for tiers, one-time or `custom_unit_amount` ones. */
export function registerProducts(fake: SimulatorStore): void {
  fake.on('POST', '/v1/products', (r) =>
    fake.create('prod', 'product', {
      name: r.body.name,
      description: r.body.description ?? null,
      active: true,
      metadata: r.body.metadata ?? {},
    }),
  )
  fake.on('POST', '/v1/products/:id', (r, p) => fake.update(p.id!, 'product', r.body))
  fake.on('POST', '/v1/prices', (r) => {
    if (r.body.custom_unit_amount) {
      return fake.create('price', 'price', {
        product: r.body.product,
        currency: r.body.currency,
        unit_amount: null,
        custom_unit_amount: {
          minimum: Number(r.body.custom_unit_amount.minimum ?? 0) || null,
          maximum: Number(r.body.custom_unit_amount.maximum ?? 0) || null,
          preset: Number(r.body.custom_unit_amount.preset ?? 0) || null,
        },
        recurring: null,
        type: 'one_time',
        active: true,
        metadata: r.body.metadata ?? {},
      })
    }
    return fake.create('price', 'price', {
      product: r.body.product,
      currency: r.body.currency,
      unit_amount: Number(r.body.unit_amount),
      recurring: r.body.recurring
        ? {
            interval: r.body.recurring.interval,
            interval_count: Number(r.body.recurring.interval_count ?? 1),
          }
        : null,
      type: r.body.recurring ? 'recurring' : 'one_time',
      active: true,
      metadata: r.body.metadata ?? {},
    })
  })
  fake.on('POST', '/v1/prices/:id', (r, p) => fake.update(p.id!, 'price', r.body))
}
