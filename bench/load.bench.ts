/**
 * Vote casting against an Express hello-world on the same machine, side by side, plus the service's
 * peak RSS: POST /v1/rounds/:id/votes with the tokens of 1,000 entitled patrons, every request a new
 * vote, at 50 connections.
 */
import { type LoadFigures, load, ratio, round, runsTable } from './measure.js'
import { cpuProfileDir, loadSeconds } from './options.js'
import { createBenchDatabase } from './postgres.js'
import { monotonicUs, summariseProfiles, type Window } from './profile.js'
import type { Suite } from './run.js'
import { backendCpuSeconds, countVotes, seedVoting } from './seed-voting.js'
import { type ChildService, spawnHelloWorld, spawnService } from './service.js'

const PATRONS = 1_000
const TOPICS = 100
const CONNECTIONS = 50
const TARGET_RATIO = 0.6
const TARGET_PEAK_RSS_MB = 250

/** A load run plus the CPU time the target process spent on it, per 2xx response. */
export async function measured(target: ChildService, run: () => Promise<LoadFigures>) {
  const cpuBefore = target.cpuSeconds()
  const figures = await run()
  const cpuMsPerRequest = round(((target.cpuSeconds() - cpuBefore) * 1000) / Math.max(1, figures.ok), 3)
  return { ...figures, cpuMsPerRequest }
}

export const loadSuite: Suite = {
  name: 'load',
  description: `vote casting vs an Express hello-world at ${CONNECTIONS} connections, peak RSS of the service`,
  async run({ serverUrl, log }) {
    const database = await createBenchDatabase(serverUrl, 'bench_load')
    const profileDir = cpuProfileDir('load')
    let profileWindow: Window | undefined
    const service = await spawnService({ env: { DATABASE_URL: database.url }, cpuProfileDir: profileDir })
    const hello = await spawnHelloWorld()
    try {
      const rssAtStartMb = round(service.rssMb())
      const seed = await seedVoting(database.db, PATRONS, TOPICS)
      const path = `/v1/rounds/${seed.roundId}/votes`
      let next = 0
      // Patron-major order: consecutive requests come from different patrons; each (patron, topic) once.
      const voteRequest = () => {
        const i = next++
        if (i >= PATRONS * TOPICS)
          throw new Error('every (patron, topic) pair has voted; lower BENCH_SECONDS')
        return {
          method: 'POST' as const,
          path,
          headers: {
            authorization: `Bearer ${seed.tokens[i % PATRONS]}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ topicId: seed.topicIds[Math.floor(i / PATRONS)] }),
        }
      }
      // A fixed number of votes rather than a fixed time, so that no request is cut off in flight and
      // every vote row can be matched to a counted 201.
      const votes = (amount: number) =>
        load({
          url: service.url,
          connections: CONNECTIONS,
          amount,
          requests: [{ setupRequest: voteRequest }],
        })
      const helloWorld = (duration: number) =>
        load({ url: `${hello.url}/`, connections: CONNECTIONS, duration })
      const warmUp = Math.max(1, Math.round(loadSeconds / 5))

      log(`hello-world: ${warmUp} s warm-up, ${loadSeconds} s measured`)
      await helloWorld(warmUp)
      const helloBefore = await measured(hello, () => helloWorld(loadSeconds))
      log('votes: warm-up')
      const voteWarmUp = await votes(Math.max(CONNECTIONS * 4, 200 * warmUp))
      const amount = Math.min(
        PATRONS * TOPICS - voteWarmUp.ok,
        Math.max(CONNECTIONS * 10, Math.round((voteWarmUp.ok / voteWarmUp.durationS) * loadSeconds)),
      )
      log(`votes: ${amount} votes measured (about ${loadSeconds} s at the warm-up's rate)`)
      const fromUs = monotonicUs()
      const pgCpuBefore = await backendCpuSeconds(database.db)
      const voteRun = await measured(service, () => votes(amount))
      const pgCpuAfter = await backendCpuSeconds(database.db)
      profileWindow = { fromUs, toUs: monotonicUs() }
      const postgresCpuMsPerVote =
        pgCpuBefore === undefined || pgCpuAfter === undefined
          ? null
          : round(((pgCpuAfter - pgCpuBefore) * 1000) / Math.max(1, voteRun.ok), 3)
      const peakRssMb = round(service.peakRssMb())
      const npmPeakRssMb = round(service.wrapperPeakRssMb())
      log(`hello-world again: ${loadSeconds} s`)
      const helloAfter = await measured(hello, () => helloWorld(loadSeconds))

      const rows = await countVotes(database.db, seed.roundId)
      const created = (voteWarmUp.statusCodes['201'] ?? 0) + (voteRun.statusCodes['201'] ?? 0)
      const helloReqPerSec = round((helloBefore.reqPerSec + helloAfter.reqPerSec) / 2)
      const result = {
        settings: { connections: CONNECTIONS, seconds: loadSeconds, patrons: PATRONS, topics: TOPICS },
        serviceLogLevel: 'warn',
        runtime: 'npm start (node dist/src/main.js)',
        helloWorld: { reqPerSec: helloReqPerSec, before: helloBefore, after: helloAfter },
        votes: voteRun,
        postgresCpuMsPerVote,
        voteRatio: ratio(voteRun.reqPerSec, helloReqPerSec),
        voteRatioTarget: TARGET_RATIO,
        voteRowsCheck: { rows, created201: created, ok: rows === created },
        rssAtStartMb,
        peakRssMb,
        npmPeakRssMb,
        peakRssTargetMb: TARGET_PEAK_RSS_MB,
      }
      log(
        runsTable([
          ['hello-world (before)', helloBefore],
          ['hello-world (after)', helloAfter],
          ['POST votes', voteRun],
        ]),
      )
      log(
        `votes / hello-world req/s: ${result.voteRatio} (target >= ${TARGET_RATIO})${mark(result.voteRatio >= TARGET_RATIO)}`,
      )
      log(`Postgres backends' CPU per vote: ${postgresCpuMsPerVote ?? 'n/a (server not on this machine)'} ms`)
      log(`vote rows ${rows} vs 201 responses ${created}: ${rows === created ? 'equal' : 'MISMATCH'}`)
      log(`status codes of the vote run: ${JSON.stringify(voteRun.statusCodes)}`)
      log(
        `peak RSS of the service (VmHWM): ${peakRssMb} MB (target <= ${TARGET_PEAK_RSS_MB})${mark(peakRssMb <= TARGET_PEAK_RSS_MB)}; ` +
          `RSS once started: ${rssAtStartMb} MB; the npm process around it: ${npmPeakRssMb} MB`,
      )
      return result
    } finally {
      await Promise.all([service.stop(), hello.stop()])
      await database.drop()
      if (profileDir) log(`During the measured vote run:\n${summariseProfiles(profileDir, profileWindow)}`)
    }
  },
}

export const mark = (met: boolean) => (met ? '  met' : '  MISSED')
