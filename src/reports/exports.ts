import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Response } from 'express'
import type { Db } from '../db/connect.js'
import { notFound } from '../http/problems.js'
import { type Cell, csvLines, majorUnits } from './csv.js'
import { memberRows, oneTimeRows, roundExists, voteRows } from './exports.repository.js'

/** The CSV exports, streamed: the API routes and the staff pages send the same files. */
async function sendCsv<R>(
  res: Response,
  filename: string,
  header: readonly string[],
  rows: AsyncIterable<R>,
  toCells: (row: R) => readonly Cell[],
) {
  res.status(200).type('text/csv; charset=utf-8')
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`)
  res.setHeader('Cache-Control', 'no-store')
  try {
    await pipeline(Readable.from(csvLines(header, rows, toCells)), res)
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err
  }
}

export function sendMembersCsv(db: Db, res: Response) {
  return sendCsv(
    res,
    'members.csv',
    ['id', 'email', 'status', 'tier_id', 'tier', 'currency', 'mrr', 'created_at'],
    memberRows(db),
    // Money in major units beside its currency, as spreadsheets expect (the API keeps minor units).
    (m) => [
      m.id,
      m.email,
      m.status,
      m.tierId,
      m.tierName,
      m.currency,
      m.currency ? majorUnits(m.mrr, m.currency) : m.mrr,
      m.createdAt,
    ],
  )
}

export async function sendRoundVotesCsv(db: Db, res: Response, roundId: string) {
  if (!(await roundExists(db, roundId))) throw notFound('No such round.', 'round-not-found')
  await sendCsv(
    res,
    `round-${roundId}-votes.csv`,
    ['topic_id', 'topic', 'member_id', 'email', 'voted_at'],
    voteRows(db, roundId),
    (v) => [v.topicId, v.topicTitle, v.memberId, v.memberEmail, v.votedAt],
  )
}

export function sendContributionsCsv(db: Db, res: Response) {
  return sendCsv(
    res,
    'contributions.csv',
    [
      'id',
      'kind',
      'email',
      'amount',
      'currency',
      'status',
      'amount_refunded',
      'paid_at',
      'gift_recipient',
      'gift_tier',
      'gift_months',
      'gift_status',
      'message',
    ],
    oneTimeRows(db),
    (p) => [
      p.id,
      p.kind,
      p.email,
      majorUnits(p.amount, p.currency),
      p.currency,
      p.status,
      majorUnits(p.amountRefunded, p.currency),
      p.paidAt,
      p.recipientEmail,
      p.tierName,
      p.months,
      p.giftStatus,
      p.message ?? p.giftMessage,
    ],
  )
}
