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
  // Security review (issue 22): the join link, mailed instead of answering on the page
  join: {
    subject: (site: string) => string
    intro: (site: string) => string
    action: string
    patronSubject: (site: string) => string
    patron: (site: string) => string
    signIn: string
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
    // Security review (issue 22): the join link
    join: {
      subject: (site) => `Become a patron of ${site}`,
      intro: (site) => `you asked to become a patron of ${site}. Continue to payment with this link:`,
      action: 'Continue to payment',
      patronSubject: (site) => `You are already a patron of ${site}`,
      patron: (site) =>
        `someone (probably you) asked to become a patron of ${site} with this address, but it already has a membership. To see or change it, sign in:`,
      signIn: 'Sign in to your account',
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
    // Security review (issue 22): the join link
    join: {
      subject: (site) => `Станьте меценатом ${site}`,
      intro: (site) => `Ви хотіли стати меценатом ${site}. Перейдіть до оплати за цим посиланням:`,
      action: 'Перейти до оплати',
      patronSubject: (site) => `Ви вже меценат ${site}`,
      patron: (site) =>
        `Хтось (мабуть, ви) хотів стати меценатом ${site} з цією адресою, але вона вже має членство. Щоб переглянути або змінити його, увійдіть:`,
      signIn: 'Увійти до облікового запису',
    },
  },
}
