import { adminEn } from './admin.en.js'

/**
 * English messages. `{name}` is replaced by a value; an object is a plural chosen by
 * Intl.PluralRules (English uses one/other, Ukrainian one/few/many/other).
 */
export const en = {
  ...adminEn,
  'site.skip': 'Skip to content',
  'site.language': 'Language',
  'site.signIn': 'Sign in',
  'site.signOut': 'Sign out',
  'site.account': 'Account',
  'site.rounds': 'Vote',
  'site.signedInAs': 'Signed in as {email}',
  'site.backToSite': 'Back to {name}',
  'site.poweredBy': 'Memberships by Patronage',

  'error.404.title': 'Page not found',
  'error.404.body': 'There is no page at this address. It may have moved, or the link may be mistyped.',
  'error.403.title': 'Not for this account',
  'error.403.body': 'You are signed in, but this page is for another kind of account.',
  'error.500.title': 'Something went wrong',
  'error.500.body': 'Something went wrong on our side and it has been logged. Please try again in a moment.',
  'error.csrf.title': 'This form has expired',
  'error.csrf.body': 'For your safety the form was not sent. Go back, reload the page and try again.',
  'error.rateLimited.title': 'Too many attempts',
  'error.rateLimited.body': 'Please wait a few minutes and try again.',
  'error.unavailable.title': 'Temporarily unavailable',
  'error.unavailable.body': 'We could not complete this just now. Please try again in a moment.',
  'error.home': 'Go to the home page',

  'form.errorSummary': 'Please correct the following:',
  'form.required': 'Please fill this in.',
  'form.email': 'Enter an email address like name@example.org.',
  'form.tooLong': 'This is too long (at most {max} characters).',
  'form.invalid': 'This value is not valid.',

  'plural.votesLeft': {
    one: '{count} of {total} vote left',
    other: '{count} of {total} votes left',
  },
} satisfies Record<string, string | Plural>

export interface Plural {
  one: string
  few?: string
  many?: string
  other: string
}

export type MessageKey = keyof typeof en
/** Every language has every key; a plural stays a plural. */
export type Catalog = { [K in MessageKey]: (typeof en)[K] extends string ? string : Plural }
