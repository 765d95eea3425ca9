/**
 * Webhook intake against the service's own GET /healthz and the Express hello-world, side by side: distinct signed
 * `customer.subscription.updated` events, each re-fetched from a fake Stripe on loopback (run in this
 * process) and applied as a real update of a stored subscription.
 */
import { StripeSimulator, TEST_STRIPE_KEY, TEST_WEBHOOK_SECRET } from '../src/dev/stripe-simulator/api.js'
import { type SignedEvent, signatureFor } from '../src/dev/stripe-simulator/billing.js'
import { beforeCommit, builtBefore } from './before.js'
import { ceilingNote } from './ceiling.js'
import { mark, measured } from './load.bench.js'
import { load, ratio, round, runsTable } from './measure.js'
import { loadSeconds } from './options.js'
import { createBenchDatabase } from './postgres.js'
import { profiledPass } from './profile.js'
import type { Suite } from './run.js'
import { renewalCheck, seedRenewals, seedTier } from './seed-billing.js'
import { backendCpuSeconds } from './seed-voting.js'
import { spawnHelloWorld, spawnService } from './service.js'

const CONNECTIONS = 50
const TARGET_RATIO = 0.25
const WARM_UP_EVENTS = 300
const MAX_EVENTS = 20_000

export const webhooksSuite: Suite = {
  name: 'webhooks',
  description: `Stripe webhook intake (signed subscription events, re-fetched from a fake Stripe) vs hello-world at ${CONNECTIONS} connections`,
  async run({ serverUrl, log }) {
    const fake = await new StripeSimulator().start()
    const database = await createBenchDatabase(serverUrl, 'bench_webhooks')
    const env = {
      DATABASE_URL: database.url,
      STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
      STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      STRIPE_API_BASE: fake.url,
    }
    const beforeDir = builtBefore(log)
    const service = await spawnService({ env })
    // The earlier commit's service (BENCH_BEFORE), on the same database: its migrations are a prefix.
    const before = beforeDir ? await spawnService({ env, cwd: beforeDir }) : undefined
    const hello = await spawnHelloWorld({ bare: true })
    try {
      const since = new Date()
      const tier = await seedTier(database.db, fake)
      const deliver = (events: SignedEvent[], connections = CONNECTIONS, target = service) => {
        let next = 0
        const setupRequest = () => {
          const event = events[next++]
          if (!event) throw new Error('ran out of seeded events')
          return {
            method: 'POST' as const,
            path: '/v1/stripe/webhook',
            headers: {
              'content-type': 'application/json; charset=utf-8',
              'stripe-signature': signatureFor(event.payload),
            },
            body: event.payload,
          }
        }
        return load({
          url: target.url,
          connections,
          amount: events.length,
          requests: [{ setupRequest }],
        })
      }
      const helloWorld = (duration: number) =>
        load({ url: `${hello.url}/`, connections: CONNECTIONS, duration })
      const healthz = (duration: number) =>
        measured(service, () => load({ url: `${service.url}/healthz`, connections: CONNECTIONS, duration }))

      log(`bare node:http: ${loadSeconds} s`)
      await helloWorld(Math.max(1, Math.round(loadSeconds / 5)))
      const helloBefore = await measured(hello, () => helloWorld(loadSeconds))
      await healthz(Math.max(1, Math.round(loadSeconds / 5)))
      const healthzBefore = await healthz(loadSeconds)
      log(`webhooks: warm-up, ${WARM_UP_EVENTS} events`)
      const warmUp = await deliver(await seedRenewals(database.db, tier, WARM_UP_EVENTS, 'warm'))
      const amount = Math.min(
        MAX_EVENTS,
        Math.max(CONNECTIONS * 10, Math.round((warmUp.ok / warmUp.durationS) * loadSeconds)),
      )
      const events = await seedRenewals(database.db, tier, amount, 'run')
      log(`webhooks: ${amount} events measured (about ${loadSeconds} s at the warm-up's rate)`)
      const pgCpuBefore = await backendCpuSeconds(database.db)
      const benchCpuBefore = process.cpuUsage()
      const run = await measured(service, () => deliver(events))
      const benchCpu = ownCpu(benchCpuBefore, run)
      const pgCpuAfter = await backendCpuSeconds(database.db)
      const postgresCpuMsPerEvent =
        pgCpuBefore === undefined || pgCpuAfter === undefined
          ? null
          : round(((pgCpuAfter - pgCpuBefore) * 1000) / Math.max(1, run.ok), 3)
      let beforeRun: Awaited<ReturnType<typeof measured>> | undefined
      let beforeWarmUpOk = 0
      if (before) {
        log(`webhooks of ${beforeCommit} (BENCH_BEFORE): warm-up, then ${amount} events`)
        const warm = await deliver(
          await seedRenewals(database.db, tier, WARM_UP_EVENTS, 'bwarm'),
          CONNECTIONS,
          before,
        )
        const events = await seedRenewals(database.db, tier, amount, 'before')
        beforeRun = await measured(before, () => deliver(events, CONNECTIONS, before))
        beforeWarmUpOk = warm.ok
      }
      log(`/healthz and bare node:http again: ${loadSeconds} s each`)
      const healthzAfter = await healthz(loadSeconds)
      const helloAfter = await measured(hello, () => helloWorld(loadSeconds))

      log('webhooks at 1 and 10 connections')
      const byConnections: Record<string, { reqPerSec: number; p50Ms: number; cpuMsPerRequest: number }> = {}
      let extra2xx = 0
      for (const [connections, count] of [
        [1, 100],
        [10, 300],
      ] as const) {
        const events = await seedRenewals(database.db, tier, count, `c${connections}`)
        const f = await measured(service, () => deliver(events, connections))
        extra2xx += f.ok
        byConnections[connections] = {
          reqPerSec: f.reqPerSec,
          p50Ms: f.p50Ms,
          cpuMsPerRequest: f.cpuMsPerRequest,
        }
      }
      byConnections[CONNECTIONS] = {
        reqPerSec: run.reqPerSec,
        p50Ms: run.p50Ms,
        cpuMsPerRequest: run.cpuMsPerRequest,
      }
      log(
        `events/s (p50 ms) by connections: ${Object.entries(byConnections)
          .map(([c, f]) => `${c}: ${f.reqPerSec} (${f.p50Ms})`)
          .join(', ')}`,
      )

      const check = await renewalCheck(database.db, since)
      const sent2xx = warmUp.ok + run.ok + extra2xx + (beforeRun?.ok ?? 0) + beforeWarmUpOk
      const helloReqPerSec = round((helloBefore.reqPerSec + helloAfter.reqPerSec) / 2)
      const healthzReqPerSec = round((healthzBefore.reqPerSec + healthzAfter.reqPerSec) / 2)
      const result = {
        settings: { connections: CONNECTIONS, events: amount, warmUpEvents: WARM_UP_EVENTS },
        serviceLogLevel: 'warn',
        runtime: 'npm start (node dist/src/main.js)',
        helloWorld: { reqPerSec: helloReqPerSec, before: helloBefore, after: helloAfter },
        webhooks: run,
        webhooksByConnections: byConnections,
        eventsPerSec: run.reqPerSec,
        postgresCpuMsPerEvent,
        healthz: { reqPerSec: healthzReqPerSec, before: healthzBefore, after: healthzAfter },
        webhookRatio: ratio(run.reqPerSec, healthzReqPerSec),
        webhookToBareHttp: ratio(run.reqPerSec, helloReqPerSec),
        webhookRatioTarget: TARGET_RATIO,
        benchProcessCpu: benchCpu,
        before: beforeRun && {
          commit: beforeCommit,
          webhooks: beforeRun,
          webhookRatio: ratio(beforeRun.reqPerSec, healthzReqPerSec),
          webhookToBareHttp: ratio(beforeRun.reqPerSec, helloReqPerSec),
        },
        stripeRefetches: fake.requests.filter((r) => r.path.startsWith('/v1/subscriptions/')).length,
        rowsCheck: { ...check, ok2xx: sent2xx, ok: check.events === sent2xx && check.renewed === sent2xx },
      }
      log(
        runsTable([
          ['bare node:http (before)', helloBefore],
          ['GET /healthz (before)', healthzBefore],
          ...(beforeRun
            ? [[`POST /v1/stripe/webhook (${beforeCommit})`, beforeRun] as [string, typeof run]]
            : []),
          ['POST /v1/stripe/webhook', run],
          ['GET /healthz (after)', healthzAfter],
          ['bare node:http (after)', helloAfter],
        ]),
      )
      log(
        `webhook events/s / GET /healthz req/s: ${result.webhookRatio} (bare node:http: ${result.webhookToBareHttp}) (target >= ${TARGET_RATIO})` +
          mark(result.webhookRatio >= TARGET_RATIO),
      )
      log(
        `2xx ${sent2xx}, stripe_events rows ${check.events}, renewed subscriptions ${check.renewed}, ` +
          `subscription re-fetches ${result.stripeRefetches}: ${result.rowsCheck.ok ? 'consistent' : 'MISMATCH'}`,
      )
      log(
        `Postgres backends' CPU per event: ${postgresCpuMsPerEvent ?? 'n/a (server not on this machine)'} ms`,
      )
      log(
        `this bench process (autocannon, signing each event, the fake Stripe answering each re-fetch): ` +
          `${benchCpu.msPerEvent} ms CPU per event, ${benchCpu.cores} of a core during the run`,
      )
      log(`status codes of the webhook run: ${JSON.stringify(run.statusCodes)}`)
      if (postgresCpuMsPerEvent !== null) {
        log(
          ceilingNote({
            unit: 'event',
            serviceMs: run.cpuMsPerRequest,
            othersMs: postgresCpuMsPerEvent + benchCpu.msPerEvent,
            healthzReqPerSec,
            target: TARGET_RATIO,
          }),
        )
      }
      log(`the same service under --cpu-prof: a warm-up, then ${amount} events at ${CONNECTIONS} connections`)
      const breakdown = await profiledPass(
        'webhooks',
        'event',
        (cpuProfileDir) => spawnService({ env, cpuProfileDir }),
        async (profiled) =>
          deliver(await seedRenewals(database.db, tier, amount, `p${Date.now()}`), CONNECTIONS, profiled),
      )
      log(`During the profiled webhook run:\n${breakdown}`)
      return result
    } finally {
      await Promise.all([service.stop(), hello.stop(), before?.stop()])
      await database.drop()
      await fake.stop()
    }
  },
}

/** The load generator and the fake Stripe share this process: its CPU per event and share of a core. */
function ownCpu(since: NodeJS.CpuUsage, run: { ok: number; durationS: number }) {
  const used = process.cpuUsage(since)
  const seconds = (used.user + used.system) / 1e6
  return {
    msPerEvent: round((seconds * 1000) / Math.max(1, run.ok), 3),
    cores: round(seconds / run.durationS, 2),
  }
}
