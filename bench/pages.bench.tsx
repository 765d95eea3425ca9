/**
 * Pages: server CPU to render the round page with 100 topics and the home page (TSX to HTML, no
 * database), median of many renders, and the gzipped size of each page's script. Budgets: a page
 * renders in at most 5 ms at the median; at most 15 kB of script per patron page, 5 kB for the embed.
 */

import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import type { Response } from 'express'
import { loadConfig } from '../src/config.js'
import { RoundBody, type RoundPage } from '../src/voting/round-view.js'
import type { PageContext } from '../src/web/context.js'
import { i18nFor } from '../src/web/i18n/index.js'
import { defaultNewsroom } from '../src/web/newsroom.js'
import { renderPage } from '../src/web/render.js'
import type { Suite } from './run.js'

const RENDERS = 2000

function roundView(topics: number): RoundPage {
  const ids = Array.from(
    { length: topics },
    (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  )
  return {
    round: {
      id: '10000000-0000-4000-8000-000000000000',
      title: 'What should we cover in December?',
      description: 'Three votes each; results are live.',
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      state: 'open',
      votesPerMember: 3,
      resultsVisibility: 'live',
      translations: {},
      topics: ids.map((id, i) => ({
        id,
        title: `Topic ${i}: what readers asked us to look into`,
        description: 'Why it matters to our readers, in two lines at most, as the editors wrote it.',
        status: 'open',
        coverageUrl: null,
        translations: {},
        votes: i * 3,
      })),
      myVotes: ids.slice(0, 2),
      votesRemaining: 1,
    },
    suggestions: [],
    entitled: true,
  }
}

/** A Response stand-in that only keeps the body: the render is what is measured, not the socket. */
function sink(): Response {
  const res = { status: () => res, set: () => res, type: () => res, send: () => res }
  return res as unknown as Response
}

export const pagesSuite: Suite = {
  name: 'pages',
  description: 'render CPU of the round page (100 topics) and script sizes',
  async run({ log }) {
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), DATA_DIR: '/tmp' })
    const results: Record<string, unknown> = {}
    for (const locale of ['en', 'uk'] as const) {
      const page: PageContext = {
        config,
        newsroom: defaultNewsroom(config),
        i18n: i18nFor(locale, 'Europe/Kyiv'),
        session: undefined,
        csrf: 'x'.repeat(43),
        url: '/rounds/x',
      }
      const view = roundView(100)
      const times: number[] = []
      for (let i = 0; i < RENDERS; i++) {
        const start = process.cpuUsage()
        renderPage(sink(), page, { title: view.round.title }, <RoundBody page={page} view={view} />)
        const used = process.cpuUsage(start)
        times.push((used.user + used.system) / 1000)
      }
      times.sort((a, b) => a - b)
      const median = times[Math.floor(times.length / 2)]!
      results[`roundPage100Ms_${locale}`] = Number(median.toFixed(3))
      log(`round page, 100 topics, ${locale}: ${median.toFixed(3)} ms CPU median of ${RENDERS}`)
    }
    for (const script of ['enhance.js', 'embed.js']) {
      const gz = gzipSync(readFileSync(new URL(`../src/web/assets/${script}`, import.meta.url)), {
        level: 9,
      }).length
      results[`${script}Gzip`] = gz
      log(`${script}: ${gz} bytes gzipped`)
    }
    return results
  },
}
