import { adminUk } from './admin.uk.js'
import type { Catalog } from './en.js'

/** Українські повідомлення: ті самі ключі, що й англійські; множина — one/few/many/other. */
export const uk: Catalog = {
  ...adminUk,
  'site.skip': 'Перейти до змісту',
  'site.language': 'Мова',
  'site.signIn': 'Увійти',
  'site.signOut': 'Вийти',
  'site.account': 'Обліковий запис',
  'site.rounds': 'Голосування',
  'site.signedInAs': 'Ви увійшли як {email}',
  'site.backToSite': 'Повернутися до «{name}»',
  'site.poweredBy': 'Членство — на Patronage',

  'error.404.title': 'Сторінку не знайдено',
  'error.404.body': 'За цією адресою немає сторінки. Можливо, її перенесли або в посиланні є помилка.',
  'error.403.title': 'Не для цього облікового запису',
  'error.403.body': 'Ви увійшли, але ця сторінка призначена для іншого типу облікового запису.',
  'error.500.title': 'Щось пішло не так',
  'error.500.body': 'На нашому боці сталася помилка, ми її зафіксували. Спробуйте ще раз за хвилину.',
  'error.csrf.title': 'Термін дії форми минув',
  'error.csrf.body':
    'Задля вашої безпеки форму не надіслано. Поверніться, оновіть сторінку і спробуйте ще раз.',
  'error.rateLimited.title': 'Забагато спроб',
  'error.rateLimited.body': 'Зачекайте кілька хвилин і спробуйте ще раз.',
  'error.unavailable.title': 'Тимчасово недоступно',
  'error.unavailable.body': 'Зараз не вдалося це виконати. Спробуйте ще раз за хвилину.',
  'error.home': 'На головну сторінку',

  'form.errorSummary': 'Будь ласка, виправте:',
  'form.required': 'Заповніть це поле.',
  'form.email': 'Введіть адресу електронної пошти, наприклад name@example.org.',
  'form.tooLong': 'Задовго (щонайбільше {max} символів).',
  'form.invalid': 'Неприпустиме значення.',

  'plural.votesLeft': {
    one: 'Залишився {count} голос із {total}',
    few: 'Залишилося {count} голоси з {total}',
    many: 'Залишилося {count} голосів із {total}',
    other: 'Залишилося {count} голосу з {total}',
  },
}
