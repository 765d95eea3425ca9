/** The demo newsroom: a bilingual local newsroom in Kyiv, its tiers, rounds and people. */

export const DEMO_SITE = {
  SITE_NAME: 'The Kyiv Ledger',
  SITE_URL: 'https://ledger.example.org',
  SITE_TIME_ZONE: 'Europe/Kyiv',
}

export const DEMO_ADMIN = 'editor@ledger.example.org'
export const DEMO_PATRON = 'patron@ledger.example.org'

/** Written in English, the demo's default language, with the Ukrainian in `translations`. */
export const TIERS = [
  {
    name: 'Reader',
    description: 'Keeps our reporting free for everyone.',
    translations: { uk: { name: 'Читач', description: 'Тримає нашу журналістику вільною для всіх.' } },
    monthlyAmount: 400,
    yearlyAmount: 4000,
  },
  {
    name: 'Supporter',
    description: 'Funds one investigation a month, and you vote on what comes next.',
    translations: {
      uk: {
        name: 'Прихильник',
        description: 'Фінансує одне розслідування на місяць, і ви голосуєте, яким буде наступне.',
      },
    },
    monthlyAmount: 800,
    yearlyAmount: 8000,
  },
  {
    name: 'Patron',
    description: 'Patrons let us plan a year ahead.',
    translations: {
      uk: { name: 'Меценат', description: 'Меценати дають нам змогу планувати на рік уперед.' },
    },
    monthlyAmount: 2000,
    yearlyAmount: 20000,
  },
] as const

/** Share of new members per tier (out of 100, cumulative) and of yearly prices. */
export const TIER_MIX = [55, 90, 100]
export const YEARLY_SHARE = 25

/** A round's or topic's words in English with the Ukrainian beside them, as staff give them. */
const words = (title: string, description: string, uk: { title: string; description: string }) => ({
  title,
  description,
  translations: { uk },
})

export const CLOSED_ROUND = {
  ...words(
    'What should we investigate this autumn?',
    'Three votes each. We cover the winner first and report back here.',
    {
      title: 'Що розслідувати цієї осені?',
      description: 'Три голоси кожному. Переможця висвітлюємо першим і звітуємо тут.',
    },
  ),
  topics: [
    {
      ...words(
        'Who owns the empty buildings on Khreshchatyk',
        'Property records, shell companies and the city council’s silence.',
        {
          title: 'Кому належать порожні будівлі на Хрещатику',
          description: 'Реєстри власності, компанії-прокладки й мовчання міськради.',
        },
      ),
      outcome: 'covered' as const,
    },
    {
      ...words('School meals: where the money goes', 'Tenders for school lunches in three districts.', {
        title: 'Шкільне харчування: куди йдуть гроші',
        description: 'Тендери на шкільні обіди у трьох районах міста.',
      }),
      outcome: 'planned' as const,
    },
    {
      ...words('Night buses after the curfew changes', 'Which routes came back, and who still walks home.', {
        title: 'Нічні автобуси після змін комендантської години',
        description: 'Які маршрути повернулися і хто досі йде додому пішки.',
      }),
      outcome: 'declined' as const,
    },
    {
      ...words('Shelters in schools: a check', 'Do school shelters meet the rules, and who answers for it?', {
        title: 'Укриття у школах: перевірка',
        description: 'Чи відповідають шкільні укриття нормам, і хто за це відповідає.',
      }),
      outcome: 'open' as const,
    },
  ],
  coverageUrl: 'https://ledger.example.org/investigations/empty-buildings',
}

export const OPEN_ROUND = {
  ...words('Our winter investigations', 'Vote for up to three topics; results are live.', {
    title: 'Наші зимові розслідування',
    description: 'Голосуйте за три теми, результати видно одразу.',
  }),
  topics: [
    words(
      'Heating tariffs: who pays for the losses',
      'Why bills rose faster than the tariff, district by district.',
      {
        title: 'Тарифи на опалення: хто платить за втрати',
        description: 'Чому рахунки зросли швидше за тариф, район за районом.',
      },
    ),
    words('Bridge repairs: promises and deadlines', 'What was promised in 2025 and what was done.', {
      title: 'Ремонт мостів: обіцянки і терміни',
      description: 'Що обіцяли у 2025 році і що зробили.',
    }),
    words('Rents near the new metro stations', 'What happened to rents where the metro is coming.', {
      title: 'Оренда біля нових станцій метро',
      description: 'Що сталося з орендою там, де будують метро.',
    }),
    words('Volunteer kitchens in winter', 'How volunteer kitchens work and what they lack.', {
      title: 'Волонтерські кухні взимку',
      description: 'Як працюють волонтерські кухні і чого їм бракує.',
    }),
  ],
  suggestions: [
    {
      title: 'Air quality near the thermal power plants',
      description: 'Independent sensors show numbers the city does not publish.',
    },
    { title: 'Доступність зупинок для візків', description: 'Скільки зупинок досі без пандусів.' },
    {
      title: 'Who repairs the courtyards after the shelling',
      description: 'Residents, the city, or nobody?',
    },
  ],
}
