import type { mailEn } from './mail.en.js'
import type { Translation } from './types.js'

/** Листи українською. */
export const mailUk: Translation<typeof mailEn> = {
  'mail.hello': 'Вітаємо!',
  'mail.signIn.subject': 'Ваше посилання для входу',
  'mail.signIn.intro': 'Відкрийте це посилання, щоб увійти:',
  'mail.signIn.validity': {
    one: 'Воно діє один раз, протягом {count} хвилини, на будь-якому пристрої.',
    few: 'Воно діє один раз, протягом {count} хвилин, на будь-якому пристрої.',
    many: 'Воно діє один раз, протягом {count} хвилин, на будь-якому пристрої.',
    other: 'Воно діє один раз, протягом {count} хвилини, на будь-якому пристрої.',
  },
  'mail.signIn.ignore': 'Якщо ви не просили увійти, просто проігноруйте цей лист; нічого не зміниться.',
  'mail.welcome.subject': 'Вітаємо серед меценатів',
  'mail.welcome.thanks':
    'Дякуємо, що стали меценатом. Тепер ви можете голосувати за теми, які ми висвітлимо далі.',
  'mail.welcome.signIn': 'Увійдіть зі своєю адресою електронної пошти на {url}, щоб проголосувати.',
  'mail.paymentFailed.subject': 'Ваш платіж не пройшов',
  'mail.paymentFailed.body': {
    one: 'Нам не вдалося списати останній членський внесок. Ви зберігаєте право голосу ще {count} день, поки Stripe повторює спробу; оновіть картку на сторінці оплати, і все владнається одразу.',
    few: 'Нам не вдалося списати останній членський внесок. Ви зберігаєте право голосу ще {count} дні, поки Stripe повторює спробу; оновіть картку на сторінці оплати, і все владнається одразу.',
    many: 'Нам не вдалося списати останній членський внесок. Ви зберігаєте право голосу ще {count} днів, поки Stripe повторює спробу; оновіть картку на сторінці оплати, і все владнається одразу.',
    other:
      'Нам не вдалося списати останній членський внесок. Ви зберігаєте право голосу ще {count} дня, поки Stripe повторює спробу; оновіть картку на сторінці оплати, і все владнається одразу.',
  },
  'mail.ended.subject': 'Ваше членство завершилося',
  'mail.ended.body': 'Ваше членство завершилося. Дякуємо за підтримку; ми завжди раді вашому поверненню.',
  'mail.roundOpened.subject': '{site}: голосування відкрито — {title}',
  'mail.roundOpened.intro': 'Відкрито новий раунд голосування: {title}.',
  'mail.roundOpened.topics': {
    one: 'На вибір {count} тема:',
    few: 'На вибір {count} теми:',
    many: 'На вибір {count} тем:',
    other: 'На вибір {count} теми:',
  },
  'mail.roundOpened.budget': {
    one: 'У вас {count} голос.',
    few: 'У вас {count} голоси.',
    many: 'У вас {count} голосів.',
    other: 'У вас {count} голосу.',
  },
  'mail.roundOpened.closes': 'Голосування завершиться {date}.',
  'mail.roundOpened.action': 'Проголосувати',
  'mail.topicCovered.subject': 'Ви запитали — ми розповіли: {title}',
  'mail.topicCovered.intro': 'Ви голосували за тему «{title}». Матеріал опубліковано:',
  'mail.topicCovered.action': 'Читати матеріал',
  'mail.footer.why': 'Ви отримали цей лист як меценат {site}.',
  'mail.footer.unsubscribe': 'Не надсилати таких листів',
  // Security review (issue 22): the join link, mailed instead of answering on the page
  'mail.join.subject': 'Станьте меценатом {site}',
  'mail.join.intro': 'Ви хотіли стати меценатом {site}. Перейдіть до оплати за цим посиланням:',
  'mail.join.action': 'Перейти до оплати',
  'mail.join.patronSubject': 'Ви вже меценат {site}',
  'mail.join.patron':
    'Хтось (мабуть, ви) хотів стати меценатом {site} з цією адресою, але вона вже має членство. Щоб переглянути або змінити його, увійдіть:',
  'mail.join.signIn': 'Увійти до облікового запису',
  'mail.join.ignore': 'Якщо ви не хотіли стати меценатом, просто проігноруйте цей лист; нічого не зміниться.',
  // Other ways to support (issue 20): contributions and gifts
  'mail.support.thanksSubject': 'Дякуємо за підтримку {site}',
  'mail.support.thanks':
    'Дякуємо за ваш разовий внесок у розмірі {amount}. Він іде безпосередньо на нашу незалежну журналістику.',
  'mail.support.months': {
    one: '{count} місяць',
    few: '{count} місяці',
    many: '{count} місяців',
    other: '{count} місяця',
  },
  'mail.support.purchasedSubject': 'Ваше подарункове членство оплачено',
  'mail.support.purchased': 'Дякуємо, що подарували {recipient} членство ({tier}) на {months}.',
  'mail.support.sendsOn': 'Ми надішлемо подарунок {date}.',
  'mail.support.sentNow': 'Ми вже надіслали подарунок із вашим повідомленням.',
  'mail.support.receivedSubject': 'Подарункове членство {site} для вас',
  'mail.support.received': '{from} дарує вам членство ({tier}) на {months}.',
  'mail.support.start': 'Активувати подарункове членство',
  'mail.support.startNote':
    'Членство почнеться, коли ви відкриєте посилання й натиснете кнопку; воно не поновлюється само.',
  'mail.support.endingSubject': 'Ваше подарункове членство завершується за тиждень',
  'mail.support.ending':
    'Ваше подарункове членство завершується {date}. Якщо хочете й далі голосувати за теми, які ми висвітлюємо, станьте меценатом:',
  'mail.support.becomePatron': 'Стати меценатом',
}
