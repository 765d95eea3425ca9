import type { MailLocale } from '../db/schema.js'
import { i18nFor } from '../web/i18n/index.js'

/**
 * The words of mails as messages.ts composes them. The words themselves are the `mail` namespace
 * of the one i18n core (src/web/i18n/mail.en.ts, mail.uk.ts), on its plural engine; this is the
 * shape the mail composer reads them in.
 */
export interface Catalog {
  hello: string
  signIn: {
    subject: (site: string) => string
    intro: (site: string) => string
    validity: (minutes: number) => string
    ignore: string
  }
  welcome: { subject: (site: string) => string; thanks: string }
  paymentFailed: { subject: string; body: (days: number) => string }
  ended: { subject: string; body: string }
  roundOpened: {
    subject: (site: string, title: string) => string
    intro: (title: string) => string
    topics: (n: number) => string
    budget: (n: number) => string
    closes: (date: string) => string
    action: string
  }
  topicCovered: {
    subject: (title: string) => string
    intro: (title: string) => string
    action: string
  }
  footer: { why: (site: string) => string; unsubscribe: string }
  // Security review (issue 22): the join link, mailed instead of answering on the page
  join: {
    subject: (site: string) => string
    intro: (site: string) => string
    action: string
    patronSubject: (site: string) => string
    patron: (site: string) => string
    signIn: string
    ignore: string
  }
  // Other ways to support (issue 20): contributions and gifts
  support: {
    thanksSubject: (site: string) => string
    thanks: (amount: string) => string
    months: (n: number) => string
    purchasedSubject: string
    purchased: (recipient: string, months: string, tier: string) => string
    sendsOn: (date: string) => string
    sentNow: string
    receivedSubject: (site: string) => string
    received: (from: string, months: string, tier: string) => string
    start: string
    startNote: string
    endingSubject: string
    ending: (date: string) => string
    becomePatron: string
  }
}

function mailCatalog(locale: MailLocale): Catalog {
  // Mails format their own dates; the time zone here only serves the core's date helpers.
  const { t, plural } = i18nFor(locale, 'UTC')
  return {
    hello: t('mail.hello'),
    signIn: {
      subject: (site) => t('mail.signIn.subject', { site }),
      intro: (site) => t('mail.signIn.intro', { site }),
      validity: (minutes) => plural('mail.signIn.validity', minutes),
      ignore: t('mail.signIn.ignore'),
    },
    welcome: {
      subject: (site) => t('mail.welcome.subject', { site }),
      thanks: t('mail.welcome.thanks'),
    },
    paymentFailed: {
      subject: t('mail.paymentFailed.subject'),
      body: (days) => plural('mail.paymentFailed.body', days),
    },
    ended: { subject: t('mail.ended.subject'), body: t('mail.ended.body') },
    roundOpened: {
      subject: (site, title) => t('mail.roundOpened.subject', { site, title }),
      intro: (title) => t('mail.roundOpened.intro', { title }),
      topics: (n) => plural('mail.roundOpened.topics', n),
      budget: (n) => plural('mail.roundOpened.budget', n),
      closes: (date) => t('mail.roundOpened.closes', { date }),
      action: t('mail.roundOpened.action'),
    },
    topicCovered: {
      subject: (title) => t('mail.topicCovered.subject', { title }),
      intro: (title) => t('mail.topicCovered.intro', { title }),
      action: t('mail.topicCovered.action'),
    },
    footer: {
      why: (site) => t('mail.footer.why', { site }),
      unsubscribe: t('mail.footer.unsubscribe'),
    },
    join: {
      subject: (site) => t('mail.join.subject', { site }),
      intro: (site) => t('mail.join.intro', { site }),
      action: t('mail.join.action'),
      patronSubject: (site) => t('mail.join.patronSubject', { site }),
      patron: (site) => t('mail.join.patron', { site }),
      signIn: t('mail.join.signIn'),
      ignore: t('mail.join.ignore'),
    },
    support: {
      thanksSubject: (site) => t('mail.support.thanksSubject', { site }),
      thanks: (amount) => t('mail.support.thanks', { amount }),
      months: (n) => plural('mail.support.months', n),
      purchasedSubject: t('mail.support.purchasedSubject'),
      purchased: (recipient, months, tier) => t('mail.support.purchased', { recipient, months, tier }),
      sendsOn: (date) => t('mail.support.sendsOn', { date }),
      sentNow: t('mail.support.sentNow'),
      receivedSubject: (site) => t('mail.support.receivedSubject', { site }),
      received: (from, months, tier) => t('mail.support.received', { from, months, tier }),
      start: t('mail.support.start'),
      startNote: t('mail.support.startNote'),
      endingSubject: t('mail.support.endingSubject'),
      ending: (date) => t('mail.support.ending', { date }),
      becomePatron: t('mail.support.becomePatron'),
    },
  }
}

export const catalogs: Record<MailLocale, Catalog> = { en: mailCatalog('en'), uk: mailCatalog('uk') }
