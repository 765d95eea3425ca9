import type { TestApp } from '../helpers/app.js'
import { createStaff, staffToken } from '../helpers/factories.js'

/** A tier with a monthly and a yearly price, and an open round with topics, made through the API. */
export async function seedTierAndRound(
  app: TestApp,
  topics = ['Housing in Podil', 'School meals', 'Night buses'],
) {
  const admin = staffToken(app.deps, await createStaff(app.db, 'admin'))
  const tier = await app.api('POST', '/v1/admin/tiers', {
    token: admin,
    body: {
      name: 'Supporter',
      description: 'Keeps our reporting free for everyone.',
      currency: 'eur',
      monthlyAmount: 500,
      yearlyAmount: 5000,
    },
  })
  if (tier.status >= 300) throw new Error(`tier: ${tier.status} ${tier.text}`)
  return { tier: tier.body, ...(await seedRound(app, topics)) }
}

/** An open round of three votes each with live results, and its topics. */
export async function seedRound(app: TestApp, topics = ['Housing in Podil', 'School meals', 'Night buses']) {
  const admin = staffToken(app.deps, await createStaff(app.db, 'admin'))
  const round = await app.api('POST', '/v1/admin/rounds', {
    token: admin,
    body: {
      title: 'What should we cover in December?',
      description: 'Three votes each; results are live.',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      votesPerMember: 3,
      resultsVisibility: 'live',
    },
  })
  const topicIds: string[] = []
  for (const title of topics) {
    const topic = await app.api('POST', `/v1/admin/rounds/${round.body.id}/topics`, {
      token: admin,
      body: {
        title,
        description: `Why ${title.toLowerCase()} matters to our readers, in two lines at most.`,
      },
    })
    topicIds.push(topic.body.id)
  }
  return { admin, roundId: round.body.id as string, topicIds }
}
