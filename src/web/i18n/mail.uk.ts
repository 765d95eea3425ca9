import type { mailEn } from './mail.en.js'
import type { Translation } from './types.js'

/** Листи українською. */
export const mailUk: Translation<typeof mailEn> = {
  'mail.hello': 'Вітаємо!',
  'mail.signIn.subject': 'Посилання для входу до «{site}»',
  'mail.signIn.intro': 'Ось ваше посилання для входу до «{site}».',
  'mail.signIn.validity': {
    one: 'Воно спрацює один раз протягом {count} хвилини на будь-якому пристрої.',
    few: 'Воно спрацює один раз протягом {count} хвилин на будь-якому пристрої.',
    many: 'Воно спрацює один раз протягом {count} хвилин на будь-якому пристрої.',
    other: 'Воно спрацює один раз протягом {count} хвилини на будь-якому пристрої.',
  },
  'mail.signIn.ignore': 'Якщо ви не намагалися увійти, просто не зважайте на цей лист: нічого не зміниться.',
  'mail.welcome.subject': 'Вітаємо серед меценатів «{site}»',
  'mail.welcome.thanks':
    'Дякуємо, що стали меценатом. Тепер ви можете голосувати за теми, про які ми напишемо далі.',
  'mail.paymentFailed.subject': 'Не вдалося списати членський внесок',
  'mail.paymentFailed.body': {
    one: 'Нам не вдалося списати ваш останній членський внесок. Право голосу залишається за вами ще {count} день, поки Stripe пробує знову; якщо оновите картку на сторінці облікового запису, усе владнається одразу.',
    few: 'Нам не вдалося списати ваш останній членський внесок. Право голосу залишається за вами ще {count} дні, поки Stripe пробує знову; якщо оновите картку на сторінці облікового запису, усе владнається одразу.',
    many: 'Нам не вдалося списати ваш останній членський внесок. Право голосу залишається за вами ще {count} днів, поки Stripe пробує знову; якщо оновите картку на сторінці облікового запису, усе владнається одразу.',
    other:
      'Нам не вдалося списати ваш останній членський внесок. Право голосу залишається за вами ще {count} дня, поки Stripe пробує знову; якщо оновите картку на сторінці облікового запису, усе владнається одразу.',
  },
  'mail.ended.subject': 'Ваше членство завершилося',
  'mail.ended.body': 'Ваше членство завершилося. Дякуємо за підтримку; ми завжди раді вашому поверненню.',
  'mail.roundOpened.subject': '{site}: голосування відкрито — {title}',
  'mail.roundOpened.intro': 'Почалося нове голосування: {title}.',
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
  'mail.roundOpened.closes': 'Голосування триватиме до {date}.',
  'mail.roundOpened.action': 'Проголосувати',
  'mail.topicCovered.subject': 'Ви обрали — ми розповіли: {title}',
  'mail.topicCovered.intro': 'Ви голосували за тему «{title}». Матеріал уже вийшов.',
  'mail.topicCovered.action': 'Читати матеріал',
  'mail.footer.why': 'Ви отримали цей лист як меценат «{site}».',
  'mail.footer.unsubscribe': 'Відписатися від таких листів',
  // Security review (issue 22): the join link, mailed instead of answering on the page
  'mail.join.subject': 'Станьте меценатом «{site}»',
  'mail.join.intro': 'Ви хотіли стати меценатом «{site}». Лишився один крок — оплата.',
  'mail.join.action': 'Перейти до оплати',
  'mail.join.patronSubject': 'Ви вже меценат «{site}»',
  'mail.join.patron':
    'Хтось (мабуть, ви) хотів стати меценатом «{site}» з цією адресою, але вона вже має членство. Щоб переглянути або змінити його, увійдіть.',
  'mail.join.signIn': 'Увійти до облікового запису',
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
  'mail.support.received': 'Подарунок для вас від {from}: членство ({tier}) на {months}.',
  'mail.support.start': 'Активувати подарункове членство',
  'mail.support.startNote':
    'Членство почнеться, коли ви відкриєте посилання й натиснете кнопку; воно не поновлюється само.',
  'mail.support.endingSubject': 'Ваше подарункове членство завершується за тиждень',
  'mail.support.ending':
    'Ваше подарункове членство завершується {date}. Якщо хочете й далі голосувати за теми, які ми висвітлюємо, станьте меценатом.',
  'mail.support.becomePatron': 'Стати меценатом',
  'mail.join.ignore':
    'Якщо ви не хотіли стати меценатом, просто не зважайте на цей лист: нічого не зміниться.',
  // The newsroom's own voice (issue 19): buttons, the welcome's facts, the staff invitation
  'mail.button.signIn': 'Увійти',
  'mail.button.account': 'Перейти до облікового запису',
  'mail.welcome.plan': 'Ваше членство: {tier}, {price}.',
  'mail.welcome.renews': 'Наступне поновлення — {date}.',
  'mail.welcome.manage':
    'Змінити рівень, оновити картку чи скасувати членство можна на сторінці облікового запису. Якщо скасуєте, ви залишитеся меценатом до кінця оплаченого періоду.',
  'mail.welcome.round': 'Меценати вже голосують: {title}.',
  'mail.welcome.noRound': 'Ми напишемо вам, щойно почнеться наступне голосування.',
  'mail.paymentFailed.action': 'Оновити картку',
  'mail.ended.action': 'Знову стати меценатом',
  'mail.invite.subject': 'Запрошення до команди «{site}»',
  'mail.invite.intro': 'Вас додано до команди «{site}» з роллю «{role}».',
  'mail.invite.later': 'Надалі входьте на {url} з цією адресою.',
  'mail.invite.ignore': 'Якщо ви не чекали на це запрошення, просто не зважайте на цей лист.',
  'mail.role.admin': 'адміністратор',
  'mail.role.editor': 'редактор',
  'mail.role.analyst': 'аналітик',
}
