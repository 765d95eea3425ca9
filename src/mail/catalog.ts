import type { MailLocale } from '../db/schema.js'

/** Plural forms by Intl.PluralRules: English has one/other, Ukrainian one/few/many (and other for fractions). */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }

const rules = { en: new Intl.PluralRules('en'), uk: new Intl.PluralRules('uk') }

export function plural(locale: MailLocale, n: number, forms: Plural): string {
  return (forms[rules[locale].select(n)] ?? forms.other).replace('{n}', String(n))
}

export interface Catalog {
  hello: string
  signIn: { subject: string; intro: string; validity: (minutes: number) => string; ignore: string }
  welcome: { subject: string; thanks: string; signIn: (url: string) => string }
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

export const catalogs: Record<MailLocale, Catalog> = {
  en: {
    hello: 'Hello,',
    signIn: {
      subject: 'Your sign-in link',
      intro: 'open this link to sign in:',
      validity: (m) =>
        `It works once, within ${plural('en', m, { one: '{n} minute', other: '{n} minutes' })}, on any device.`,
      ignore: 'If you did not ask to sign in, ignore this message; nothing changes.',
    },
    welcome: {
      subject: 'Welcome, patron',
      thanks: 'thank you for becoming a patron. You can now vote on the topics we cover next.',
      signIn: (url) => `Sign in with your email address at ${url} to cast your votes.`,
    },
    paymentFailed: {
      subject: 'Your payment did not go through',
      body: (days) =>
        `we could not collect your last membership payment. You keep your voting rights for ${plural('en', days, { one: '{n} day', other: '{n} days' })} while Stripe retries; updating your card in the billing portal settles it at once.`,
    },
    ended: {
      subject: 'Your membership has ended',
      body: 'your membership has ended. Thank you for your support; you are welcome back any time.',
    },
    roundOpened: {
      subject: (site, title) => `${site}: voting is open — ${title}`,
      intro: (title) => `a new voting round has opened: ${title}.`,
      topics: (n) =>
        plural('en', n, { one: 'You can choose from {n} topic:', other: 'You can choose from {n} topics:' }),
      budget: (n) => plural('en', n, { one: 'You have {n} vote.', other: 'You have {n} votes.' }),
      closes: (date) => `Voting closes on ${date}.`,
      action: 'Vote now',
    },
    topicCovered: {
      subject: (title) => `You asked, we reported: ${title}`,
      intro: (title) => `you voted for “${title}”. The story is published:`,
      action: 'Read the story',
    },
    footer: {
      why: (site) => `You get this mail as a patron of ${site}.`,
      unsubscribe: 'Stop these mails',
    },
    // Other ways to support (issue 20)
    support: {
      thanksSubject: (site) => `Thank you for supporting ${site}`,
      thanks: (amount) =>
        `thank you for your one-time contribution of ${amount}. It goes straight into our independent reporting.`,
      months: (n) => plural('en', n, { one: '{n} month', other: '{n} months' }),
      purchasedSubject: 'Your gift membership is paid',
      purchased: (recipient, months, tier) =>
        `thank you for giving ${months} of membership (${tier}) to ${recipient}.`,
      sendsOn: (date) => `We will mail them the gift on ${date}.`,
      sentNow: 'We have mailed them the gift with your message.',
      receivedSubject: (site) => `A gift membership of ${site} for you`,
      received: (from, months, tier) => `${from} has given you ${months} of membership (${tier}).`,
      start: 'Start your gift membership',
      startNote:
        'Your membership starts when you open the link and press the button; it does not renew itself.',
      endingSubject: 'Your gift membership ends in a week',
      ending: (date) =>
        `your gift membership ends on ${date}. If you would like to keep voting on what we cover, become a patron:`,
      becomePatron: 'Become a patron',
    },
  },
  uk: {
    hello: 'Вітаємо!',
    signIn: {
      subject: 'Ваше посилання для входу',
      intro: 'Відкрийте це посилання, щоб увійти:',
      validity: (m) =>
        `Воно діє один раз, протягом ${plural('uk', m, { one: '{n} хвилини', few: '{n} хвилин', many: '{n} хвилин', other: '{n} хвилини' })}, на будь-якому пристрої.`,
      ignore: 'Якщо ви не просили увійти, просто проігноруйте цей лист; нічого не зміниться.',
    },
    welcome: {
      subject: 'Вітаємо серед меценатів',
      thanks: 'Дякуємо, що стали меценатом. Тепер ви можете голосувати за теми, які ми висвітлимо далі.',
      signIn: (url) => `Увійдіть зі своєю адресою електронної пошти на ${url}, щоб проголосувати.`,
    },
    paymentFailed: {
      subject: 'Ваш платіж не пройшов',
      body: (days) =>
        `Нам не вдалося списати останній членський внесок. Ви зберігаєте право голосу ще ${plural('uk', days, { one: '{n} день', few: '{n} дні', many: '{n} днів', other: '{n} дня' })}, поки Stripe повторює спробу; оновіть картку на сторінці оплати, і все владнається одразу.`,
    },
    ended: {
      subject: 'Ваше членство завершилося',
      body: 'Ваше членство завершилося. Дякуємо за підтримку; ми завжди раді вашому поверненню.',
    },
    roundOpened: {
      subject: (site, title) => `${site}: голосування відкрито — ${title}`,
      intro: (title) => `Відкрито новий раунд голосування: ${title}.`,
      topics: (n) =>
        plural('uk', n, {
          one: 'На вибір {n} тема:',
          few: 'На вибір {n} теми:',
          many: 'На вибір {n} тем:',
          other: 'На вибір {n} теми:',
        }),
      budget: (n) =>
        plural('uk', n, {
          one: 'У вас {n} голос.',
          few: 'У вас {n} голоси.',
          many: 'У вас {n} голосів.',
          other: 'У вас {n} голосу.',
        }),
      closes: (date) => `Голосування завершиться ${date}.`,
      action: 'Проголосувати',
    },
    topicCovered: {
      subject: (title) => `Ви запитали — ми розповіли: ${title}`,
      intro: (title) => `Ви голосували за тему «${title}». Матеріал опубліковано:`,
      action: 'Читати матеріал',
    },
    footer: {
      why: (site) => `Ви отримали цей лист як меценат ${site}.`,
      unsubscribe: 'Не надсилати таких листів',
    },
    // Other ways to support (issue 20)
    support: {
      thanksSubject: (site) => `Дякуємо за підтримку ${site}`,
      thanks: (amount) =>
        `Дякуємо за ваш разовий внесок у розмірі ${amount}. Він іде безпосередньо на нашу незалежну журналістику.`,
      months: (n) =>
        plural('uk', n, { one: '{n} місяць', few: '{n} місяці', many: '{n} місяців', other: '{n} місяця' }),
      purchasedSubject: 'Ваше подарункове членство оплачено',
      purchased: (recipient, months, tier) =>
        `Дякуємо, що подарували ${recipient} членство (${tier}) на ${months}.`,
      sendsOn: (date) => `Ми надішлемо подарунок ${date}.`,
      sentNow: 'Ми вже надіслали подарунок із вашим повідомленням.',
      receivedSubject: (site) => `Подарункове членство ${site} для вас`,
      received: (from, months, tier) => `${from} дарує вам членство (${tier}) на ${months}.`,
      start: 'Активувати подарункове членство',
      startNote:
        'Членство почнеться, коли ви відкриєте посилання й натиснете кнопку; воно не поновлюється само.',
      endingSubject: 'Ваше подарункове членство завершується за тиждень',
      ending: (date) =>
        `Ваше подарункове членство завершується ${date}. Якщо хочете й далі голосувати за теми, які ми висвітлюємо, станьте меценатом:`,
      becomePatron: 'Стати меценатом',
    },
  },
}
