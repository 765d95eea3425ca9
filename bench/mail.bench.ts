/**
 * Votes while 100,000 announcement mails are pending (and being sent at MAIL_RATE_PER_SECOND by the
 * service's background sender) against votes with none pending: the outbox must not slow voting.
 */
import { sql } from 'kysely'
import { pendingMailCount } from '../src/mail/outbox.repository.js'
import { measured } from './load.bench.js'
import { load, ratio, round, runsTable } from './measure.js'
import { createBenchDatabase } from './postgres.js'
import type { Suite } from './run.js'
import { seedVoting } from './seed-voting.js'
import { spawnService } from './service.js'

const PATRONS = 1_000
const TOPICS = 100
const CONNECTIONS = 50
const PENDING = 100_000
const VOTES_PER_RUN = 6_000

export const mailSuite: Suite = {
  name: 'mail',
  description: `vote throughput with ${PENDING.toLocaleString('en')} announcement mails pending vs none`,
  async run({ serverUrl, log }) {
    const database = await createBenchDatabase(serverUrl, 'bench_mail')
    const service = await spawnService({ env: { DATABASE_URL: database.url, MAIL_RATE_PER_SECOND: '10' } })
    try {
      const seed = await seedVoting(database.db, PATRONS, TOPICS)
      let next = 0
      const votes = (amount: number) =>
        measured(service, () =>
          load({
            url: service.url,
            connections: CONNECTIONS,
            amount,
            requests: [
              {
                setupRequest: () => {
                  const i = next++
                  return {
                    method: 'POST' as const,
                    path: `/v1/rounds/${seed.roundId}/votes`,
                    headers: {
                      authorization: `Bearer ${seed.tokens[i % PATRONS]}`,
                      'content-type': 'application/json',
                    },
                    body: JSON.stringify({ topicId: seed.topicIds[Math.floor(i / PATRONS)] }),
                  }
                },
              },
            ],
          }),
        )

      log('votes: warm-up')
      await votes(2_000)
      log(`votes, no mail pending: ${VOTES_PER_RUN}`)
      const idleBefore = await votes(VOTES_PER_RUN)

      const started = performance.now()
      await sql`
        insert into mail_outbox (dedupe_key, kind, bulk, member_id, recipient, payload)
        select 'bench:' || g, 'round-opened', true, m.id, m.email, jsonb_build_object('roundId', ${seed.roundId}::text)
        from generate_series(0, ${PENDING - 1}) g
        join (select id, email, row_number() over (order by id) - 1 as i from members) m on m.i = g % ${PATRONS}
      `.execute(database.db)
      const enqueueMs = round(performance.now() - started)
      const pendingBefore = await pendingMailCount(database.db)
      log(`enqueued ${pendingBefore} announcement mails in one statement: ${enqueueMs} ms`)

      log(`votes, ${PENDING} mails pending: ${VOTES_PER_RUN}`)
      const busy = await votes(VOTES_PER_RUN)
      const pendingAfter = await pendingMailCount(database.db)
      log(`votes, no mail pending again (the pending rows deleted): ${VOTES_PER_RUN}`)
      await database.db.deleteFrom('mail_outbox').execute()
      const idleAfter = await votes(VOTES_PER_RUN)

      const idleReqPerSec = round((idleBefore.reqPerSec + idleAfter.reqPerSec) / 2)
      const result = {
        settings: {
          connections: CONNECTIONS,
          patrons: PATRONS,
          votesPerRun: VOTES_PER_RUN,
          pending: PENDING,
        },
        enqueueMs,
        idle: { reqPerSec: idleReqPerSec, before: idleBefore, after: idleAfter },
        busy,
        mailsSentDuringBusyRun: pendingBefore - pendingAfter,
        busyOverIdle: ratio(busy.reqPerSec, idleReqPerSec),
      }
      log(
        runsTable([
          ['votes, no mail pending (before)', idleBefore],
          [`votes, ${PENDING} mails pending`, busy],
          ['votes, no mail pending (after)', idleAfter],
        ]),
      )
      log(
        `busy / idle req/s: ${result.busyOverIdle}; mails sent during the busy run: ${result.mailsSentDuringBusyRun}`,
      )
      return result
    } finally {
      await service.stop()
      await database.drop()
    }
  },
}
