import type { Db } from '../db/connect.js'
import { giftDetails } from './gifts.repository.js'

// What support offers its mails (mail/kinds/gift-*.ts), read when each is sent.

/** What a gift mail says, read when it is sent; the caller checks that the gift still stands. */
export function giftForMail(db: Db, id: string) {
  return giftDetails(db).where('g.id', '=', id).executeTakeFirst()
}
