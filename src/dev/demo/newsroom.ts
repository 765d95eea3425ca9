/** The demo newsroom: a bilingual local newsroom in Kyiv, its tiers, rounds and people. */

export const DEMO_SITE = {
  SITE_NAME: 'The Kyiv Ledger',
  SITE_URL: 'https://ledger.example.org',
  SITE_TIME_ZONE: 'Europe/Kyiv',
}

export const DEMO_ADMIN = 'editor@ledger.example.org'
export const DEMO_PATRON = 'patron@ledger.example.org'

export const TIERS = [
  {
    name: 'Reader · Читач',
    description: 'Keeps our reporting free for everyone. Тримає нашу журналістику вільною для всіх.',
    monthlyAmount: 400,
    yearlyAmount: 4000,
  },
  {
    name: 'Supporter · Прихильник',
    description: 'Funds one investigation a month, and you vote on what comes next.',
    monthlyAmount: 800,
    yearlyAmount: 8000,
  },
  {
    name: 'Patron · Меценат',
    description: 'Меценати дають нам змогу планувати на рік уперед. Patrons let us plan a year ahead.',
    monthlyAmount: 2000,
    yearlyAmount: 20000,
  },
] as const

/** Share of new members per tier (out of 100, cumulative) and of yearly prices. */
export const TIER_MIX = [55, 90, 100]
export const YEARLY_SHARE = 25

export const CLOSED_ROUND = {
  title: 'What should we investigate this autumn? · Що розслідувати цієї осені?',
  description:
    'Three votes each. We cover the winner first and report back here. Три голоси кожному; переможця висвітлюємо першим.',
  topics: [
    {
      title: 'Who owns the empty buildings on Khreshchatyk',
      description: 'Property records, shell companies and the city council’s silence.',
      outcome: 'covered' as const,
    },
    {
      title: 'Шкільне харчування: куди йдуть гроші',
      description: 'Тендери на шкільні обіди у трьох районах міста.',
      outcome: 'planned' as const,
    },
    {
      title: 'Night buses after the curfew changes',
      description: 'Which routes came back, and who still walks home.',
      outcome: 'declined' as const,
    },
    {
      title: 'Укриття у школах: перевірка',
      description: 'Чи відповідають шкільні укриття нормам, і хто за це відповідає.',
      outcome: 'open' as const,
    },
  ],
  coverageUrl: 'https://ledger.example.org/investigations/empty-buildings',
}

export const OPEN_ROUND = {
  title: 'Our winter investigations · Наші зимові розслідування',
  description:
    'Vote for up to three topics; results are live. Голосуйте за три теми, результати видно одразу.',
  topics: [
    {
      title: 'Heating tariffs: who pays for the losses',
      description: 'Why bills rose faster than the tariff, district by district.',
    },
    { title: 'Ремонт мостів: обіцянки і терміни', description: 'Що обіцяли у 2025 році і що зробили.' },
    {
      title: 'Rents near the new metro stations',
      description: 'What happened to rents where the metro is coming.',
    },
    {
      title: 'Волонтерські кухні взимку',
      description: 'Як працюють волонтерські кухні і чого їм бракує.',
    },
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
