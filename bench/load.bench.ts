/**
 * One hot round: every patron (200, tokens of entitled members) voting on its 100 topics at once,
 * POST /v1/rounds/:id/votes at 50 connections, side by side with the service's own GET /healthz
 * (same middleware, no database) and an Express hello-world. Then the growth figures: votes/s at 1,
 * 10 and 50 connections, with 10k and 1M votes already in the table, and with Postgres's default
 * durability (fsync and synchronous_commit on). Every vote run is on a fresh round.
 */

import { ceilingNote } from './ceiling.js'
import { type LoadFigures, load, ratio, round, runsTable, table } from './measure.js'
import { atPeak, BENCH_METRICS_TOKEN, describeBreakdown } from './memory.js'
import { growthSeconds, loadSeconds, quick } from './options.js'
import { createBenchDatabase, setDurability } from './postgres.js'
import { profiledPass } from './profile.js'
import type { Suite } from './run.js'
import { backendCpuSeconds, countVotes, fillVotes, newRound, seedVoting } from './seed-voting.js'
import { type ChildService, spawnHelloWorld, spawnService } from './service.js'

const PATRONS = 200
const TOPICS = 100
const CONNECTIONS = 50
const GROWTH_CONNECTIONS = [1, 10, 50]
const TABLE_SIZES = quick ? [25_000, 100_000] : [25_000, 1_000_000]
const TARGET_RATIO = 0.6
const TARGET_HEALTHZ_TO_BARE = 0.4
const TARGET_PEAK_RSS_MB = 200

/** A load run plus the CPU time the target process spent on it, per 2xx response. */
export async function measured(target: ChildService, run: () => Promise<LoadFigures>) {
  const cpuBefore = target.cpuSeconds()
  const figures = await run()
  const cpuMsPerRequest = round(((target.cpuSeconds() - cpuBefore) * 1000) / Math.max(1, figures.ok), 3)
  return { ...figures, cpuMsPerRequest }
}

export const loadSuite: Suite = {
  name: 'load',
  description: `one hot round (${PATRONS} patrons, ${TOPICS} topics) vs GET /healthz at ${CONNECTIONS} connections, growth figures, peak RSS`,
  async run({ serverUrl, ownServer, log }) {
    const database = await createBenchDatabase(serverUrl, 'bench_load')
    const db = database.db
    const env = { DATABASE_URL: database.url, METRICS_TOKEN: BENCH_METRICS_TOKEN }
    const service = await spawnService({ env })
    const hello = await spawnHelloWorld()
    const bare = await spawnHelloWorld({ bare: true })
    try {
      const rssAtStartMb = round(service.rssMb())
      const seed = await seedVoting(db, PATRONS, TOPICS)
      const pairs = PATRONS * TOPICS
      /** Votes on a fresh round, patron-major: consecutive requests come from different patrons. */
      const votes = async (
        connections: number,
        size: { amount: number } | { duration: number },
        target = service,
      ) => {
        const { roundId, topicIds } = await newRound(db, TOPICS)
        let next = 0
        const setupRequest = () => {
          const i = next++ % pairs
          return {
            method: 'POST' as const,
            path: `/v1/rounds/${roundId}/votes`,
            headers: {
              authorization: `Bearer ${seed.tokens[i % PATRONS]}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ topicId: topicIds[Math.floor(i / PATRONS)] }),
          }
        }
        const figures = await measured(target, () =>
          load({ url: target.url, connections, ...size, requests: [{ setupRequest }] }),
        )
        return { ...figures, roundId }
      }
      const healthz = (duration: number) =>
        measured(service, () => load({ url: `${service.url}/healthz`, connections: CONNECTIONS, duration }))
      const helloWorld = (duration: number) =>
        measured(hello, () => load({ url: `${hello.url}/`, connections: CONNECTIONS, duration }))
      const bareHttp = (duration: number) =>
        measured(bare, () => load({ url: `${bare.url}/healthz`, connections: CONNECTIONS, duration }))
      const warmUp = Math.max(1, Math.round(loadSeconds / 5))

      log(`warm-up: hello-world, /healthz, votes (${warmUp} s each)`)
      await bareHttp(warmUp)
      await helloWorld(warmUp)
      await healthz(warmUp)
      const voteWarmUp = await votes(CONNECTIONS, { duration: warmUp })
      // A fixed number of votes rather than a fixed time, so that no request is cut off in flight and
      // every vote row can be matched to a counted 201 (a round holds at most 20,000 votes).
      const amount = Math.min(
        pairs,
        Math.max(CONNECTIONS * 10, Math.round(voteWarmUp.reqPerSec * loadSeconds)),
      )

      log(`hello-world, /healthz, ${amount} votes, /healthz, hello-world (about ${loadSeconds} s each)`)
      const bareBefore = await bareHttp(loadSeconds)
      const helloBefore = await helloWorld(loadSeconds)
      const healthzBefore = await healthz(loadSeconds)
      const pgCpuBefore = await backendCpuSeconds(db)
      const ownCpuBefore = process.cpuUsage()
      const { result: voteRun, peak: memoryAtPeak } = await atPeak(service, () =>
        votes(CONNECTIONS, { amount }),
      )
      const ownCpu = process.cpuUsage(ownCpuBefore)
      const pgCpuAfter = await backendCpuSeconds(db)
      const healthzAfter = await healthz(loadSeconds)
      const helloAfter = await helloWorld(loadSeconds)
      const bareAfter = await bareHttp(loadSeconds)
      const bareReqPerSec = round((bareBefore.reqPerSec + bareAfter.reqPerSec) / 2)
      const postgresCpuMsPerVote =
        pgCpuBefore === undefined || pgCpuAfter === undefined
          ? null
          : round(((pgCpuAfter - pgCpuBefore) * 1000) / Math.max(1, voteRun.ok), 3)
      const rows = await countVotes(db, voteRun.roundId)
      const created = voteRun.statusCodes['201'] ?? 0
      const helloReqPerSec = round((helloBefore.reqPerSec + helloAfter.reqPerSec) / 2)
      const healthzReqPerSec = round((healthzBefore.reqPerSec + healthzAfter.reqPerSec) / 2)
      log(
        runsTable([
          ['bare node:http (before)', bareBefore],
          ['hello-world (before)', helloBefore],
          ['GET /healthz (before)', healthzBefore],
          ['POST votes', voteRun],
          ['GET /healthz (after)', healthzAfter],
          ['hello-world (after)', helloAfter],
          ['bare node:http (after)', bareAfter],
        ]),
      )
      const healthzToBare = ratio(healthzReqPerSec, bareReqPerSec)
      log(
        `GET /healthz / bare node:http: ${healthzToBare} (target >= ${TARGET_HEALTHZ_TO_BARE})${mark(healthzToBare >= TARGET_HEALTHZ_TO_BARE)}; ` +
          `Express hello-world / bare node:http: ${ratio(helloReqPerSec, bareReqPerSec)}`,
      )
      const voteRatio = ratio(voteRun.reqPerSec, healthzReqPerSec)
      log(`votes / GET /healthz: ${voteRatio} (target >= ${TARGET_RATIO})${mark(voteRatio >= TARGET_RATIO)}`)
      log(
        `votes / hello-world: ${ratio(voteRun.reqPerSec, helloReqPerSec)}; votes / bare node:http: ${ratio(voteRun.reqPerSec, bareReqPerSec)}`,
      )
      log(`Postgres backends' CPU per vote: ${postgresCpuMsPerVote ?? 'n/a (server not on this machine)'} ms`)
      const loadGeneratorMsPerVote = (ownCpu.user + ownCpu.system) / 1000 / Math.max(1, voteRun.ok)
      if (postgresCpuMsPerVote !== null) {
        log(
          ceilingNote({
            unit: 'vote',
            serviceMs: voteRun.cpuMsPerRequest,
            othersMs: postgresCpuMsPerVote + loadGeneratorMsPerVote,
            healthzReqPerSec,
            target: TARGET_RATIO,
          }),
        )
      }
      log(`vote rows ${rows} vs 201 responses ${created}: ${rows === created ? 'equal' : 'MISMATCH'}`)

      log(`votes/s by connections (${growthSeconds} s each)`)
      const byConnections: Record<string, Growth> = {}
      for (const connections of GROWTH_CONNECTIONS)
        byConnections[connections] = growth(await votes(connections, { duration: growthSeconds }))

      const byTableSize: Record<string, Growth> = {}
      for (const size of TABLE_SIZES) {
        log(`filling the votes table to ${size.toLocaleString('en')} rows`)
        const rowsNow = await fillVotes(db, size)
        byTableSize[rowsNow] = growth(await votes(CONNECTIONS, { duration: growthSeconds }))
      }

      let durable: { healthz: Growth; votes: Growth; voteRatio: number } | null = null
      if (ownServer) {
        log('with fsync, synchronous_commit and full_page_writes on')
        await setDurability(serverUrl, true)
        try {
          const h = growth(await healthz(growthSeconds))
          const v = growth(await votes(CONNECTIONS, { duration: growthSeconds }))
          durable = { healthz: h, votes: v, voteRatio: ratio(v.reqPerSec, h.reqPerSec) }
        } finally {
          await setDurability(serverUrl, false)
        }
      }
      const peakRssMb = round(service.peakRssMb())
      const rssParts = service.rssParts()
      const npmPeakRssMb = round(service.wrapperPeakRssMb())
      log(
        table([
          ['votes at 50 connections unless said', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req'],
          ...Object.entries(byConnections).map(([c, g]) => [`${c} connection(s)`, ...growthRow(g)]),
          ...Object.entries(byTableSize).map(([n, g]) => [`${n} votes in the table`, ...growthRow(g)]),
          ...(durable
            ? [
                ['durable commits: GET /healthz', ...growthRow(durable.healthz)],
                ['durable commits: votes', ...growthRow(durable.votes)],
              ]
            : []),
        ]),
      )
      if (durable) log(`durable commits: votes / GET /healthz ${durable.voteRatio}`)
      log(
        `peak RSS of the service (VmHWM): ${peakRssMb} MB (target <= ${TARGET_PEAK_RSS_MB})${mark(peakRssMb <= TARGET_PEAK_RSS_MB)}; ` +
          `RSS once started: ${rssAtStartMb} MB; npm around it: ${npmPeakRssMb} MB`,
      )
      log(
        `RSS now: ${rssParts.anonMb} MB anonymous (V8's heap and its young generation, Buffers, PGlite is not loaded), ` +
          `${rssParts.fileMb} MB mapped files (node's own code, the modules' compiled code), ${rssParts.shmemMb} MB shared`,
      )
      log(`at the highest RSS sampled during the measured vote run: ${describeBreakdown(memoryAtPeak)}`)
      log(`the same service under --cpu-prof: a warm-up, then ${amount} votes at ${CONNECTIONS} connections`)
      const breakdown = await profiledPass(
        'load',
        'vote',
        (cpuProfileDir) => spawnService({ env, cpuProfileDir }),
        (profiled) => votes(CONNECTIONS, { amount }, profiled),
      )
      log(`During the profiled vote run:\n${breakdown}`)
      return {
        settings: {
          connections: CONNECTIONS,
          seconds: loadSeconds,
          growthSeconds,
          patrons: PATRONS,
          topics: TOPICS,
        },
        serviceLogLevel: 'warn',
        runtime: 'npm start (node dist/src/main.js)',
        helloWorld: { reqPerSec: helloReqPerSec, before: helloBefore, after: helloAfter },
        bareNodeHttp: { reqPerSec: bareReqPerSec, before: bareBefore, after: bareAfter },
        healthzToBare,
        healthz: { reqPerSec: healthzReqPerSec, before: healthzBefore, after: healthzAfter },
        votes: voteRun,
        postgresCpuMsPerVote,
        voteRatio,
        voteRatioTarget: TARGET_RATIO,
        voteToHelloWorld: ratio(voteRun.reqPerSec, helloReqPerSec),
        voteRowsCheck: { rows, created201: created, ok: rows === created },
        votesByConnections: byConnections,
        votesByTableSize: byTableSize,
        durableCommits: durable,
        rssAtStartMb,
        peakRssMb,
        rssParts,
        npmPeakRssMb,
        peakRssTargetMb: TARGET_PEAK_RSS_MB,
        memoryAtPeak,
      }
    } finally {
      await Promise.all([service.stop(), hello.stop(), bare.stop()])
      await database.drop()
    }
  },
}

type Growth = Pick<LoadFigures, 'reqPerSec' | 'p50Ms' | 'p99Ms' | 'non2xx'> & { cpuMsPerRequest: number }

const growth = (f: LoadFigures & { cpuMsPerRequest: number }): Growth => ({
  reqPerSec: f.reqPerSec,
  p50Ms: f.p50Ms,
  p99Ms: f.p99Ms,
  non2xx: f.non2xx,
  cpuMsPerRequest: f.cpuMsPerRequest,
})

const growthRow = (g: Growth) => [g.reqPerSec, g.p50Ms, g.p99Ms, g.cpuMsPerRequest]

export const mark = (met: boolean) => (met ? '  met' : '  MISSED')
