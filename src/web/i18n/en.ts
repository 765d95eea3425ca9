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

  'home.title': 'Become a patron',
  'home.appeal':
    'Independent journalism is paid for by its readers. Become a patron of {name}: your membership keeps our reporting free for everyone, and you vote on the topics we cover next.',
  'home.tiersHeading': 'Choose your membership',
  'home.perMonth': '{price} / month',
  'home.perYear': '{price} / year',
  'home.becomePatronFor': 'Become a patron, {price}',
  'home.cancelNote':
    'You can cancel at any time; your membership then runs to the end of the period you paid for.',
  'home.teaserHeading': 'Patrons are voting now on:',
  'home.teaserLink': 'See the round and vote',
  'home.alreadyPatron': 'Already a patron?',
  'home.noTiers': 'Memberships are not open yet. Please come back soon.',
  'plural.monthsFree': { one: '{count} month free', other: '{count} months free' },

  'join.title': 'Become a patron',
  'join.chosen': 'You chose {tier}: {price}.',
  'join.email': 'Your email address',
  'join.emailHint': 'Your receipts and sign-in links go here.',
  'join.submit': 'Continue to secure payment',
  'join.stripeNote':
    'Payment is handled by Stripe. You can cancel at any time; your membership then runs to the end of the period you paid for.',
  'join.noPrice': 'This membership is not available. Please choose one of the others.',
  'join.choose': 'See the memberships',
  'join.alreadyLive': 'This address already has a membership. Sign in to manage it from your account.',

  'checkout.success.title': 'Welcome, patron!',
  'checkout.success.body': 'Thank you for supporting {name}. Your membership is active.',
  'checkout.success.toRound': 'Vote on the next topics',
  'checkout.success.toAccount': 'See your membership',
  'checkout.mailed.title': 'Thank you! Check your inbox',
  'checkout.mailed.body':
    'Your payment went through. To keep your account safe, we have mailed you a link to sign in. It works once, within 15 minutes.',
  'checkout.cancel.title': 'Payment cancelled',
  'checkout.cancel.body': 'Nothing was charged. You can choose a membership again whenever you like.',
  'checkout.cancel.back': 'Back to the memberships',

  'login.title': 'Sign in',
  'login.intro': 'Enter your email address and we will mail you a link to sign in. No password needed.',
  'login.email': 'Email address',
  'login.submit': 'Send me a sign-in link',
  'login.sent.title': 'Check your inbox',
  'login.sent.body': 'If {email} can sign in, a link is on its way. It works once, within 15 minutes.',
  'login.sent.retry': 'Use another address or send the link again',
  'login.confirm.title': 'Sign in',
  'login.confirm.intro': 'One more step: press the button to sign in on this device.',
  'login.confirm.button': 'Sign in as {email}',
  'login.confirm.invalid': 'This sign-in link has expired or was already used.',
  'login.confirm.newLink': 'Send me a new link',

  'account.title': 'Your membership',
  'account.status.active': 'Active patron · renews {date}',
  'account.status.activeNoDate': 'Active patron',
  'account.status.ending': 'Active patron · ends {date}',
  'account.status.trialing': 'Trial membership · until {date}',
  'account.status.pastDue': 'Your last payment did not go through',
  'account.status.none': 'You are not a patron yet.',
  'account.status.canceled': 'Your membership has ended.',
  'account.status.other': 'Your membership needs attention.',
  'account.tier': 'Membership: {tier}',
  'account.grace': 'Update your payment details by {date} to keep your vote.',
  'account.graceOver': 'Update your payment details to vote again.',
  'account.fixPayment': 'Fix payment',
  'account.manageBilling': 'Manage billing',
  'account.billingHint':
    'Change your card, your membership or cancel it, and see your receipts, on Stripe’s secure page.',
  'account.becomePatron': 'Become a patron',
  'account.mailPreferences': 'Mail preferences',
  'account.signedInAs': 'You are signed in as {email}.',
  'account.mail.title': 'Mail from us',
  'account.mail.hint': 'Membership and sign-in mails always arrive; these you can turn off.',
  'account.mail.rounds': 'Tell me when a new voting round opens',
  'account.mail.coverage': 'Tell me when a topic I voted for is covered',
  'account.mail.language': 'Language of our mails',
  'account.mail.save': 'Save mail settings',
  'account.mail.saved': 'Your mail settings are saved.',
  'account.vote': 'Vote on topics',

  'rounds.title': 'Vote on topics',
  'rounds.none': 'There are no rounds yet.',
  'rounds.state.open': 'Open until {date}',
  'rounds.state.upcoming': 'Opens {date}',
  'rounds.state.closed': 'Closed {date}',
  'round.closes': 'Voting closes {date}',
  'round.opens': 'Voting opens {date}',
  'round.closedBanner': 'This round closed on {date}. Thank you for voting — here are the results.',
  'round.upcomingBanner': 'Voting opens {date}. You can already suggest topics.',
  'round.notEntitled': 'Voting is for patrons with an active membership.',
  'round.topicsHeading': 'Topics',
  'round.vote': 'Vote',
  'round.yourVote': 'Your vote · press again to withdraw',
  'round.yourVoteClosed': 'Your vote',
  'round.status.planned': 'Planned',
  'round.status.covered': 'Covered',
  'round.status.declined': 'Declined',
  'round.readStory': 'Read the story',
  'round.noTopics': 'No topics yet.',
  'round.done.voted': 'Your vote is counted.',
  'round.done.withdrawn': 'Your vote is withdrawn.',
  'round.done.suggested': 'Thank you! Your suggestion is waiting for the editors.',
  'round.error.budget': 'You have used all your votes. Withdraw one to vote for another topic.',
  'round.error.closed': 'This round is closed.',
  'round.error.topic': 'This topic no longer takes votes.',
  'round.error.entitled': 'Voting is for patrons with an active membership.',
  'round.error.limit': 'You have made as many suggestions as a round allows.',
  'round.suggest.heading': 'Suggest a topic',
  'round.suggest.title': 'Topic',
  'round.suggest.description': 'Why it matters (optional)',
  'round.suggest.submit': 'Send my suggestion',
  'round.mine.heading': 'Your suggestions',
  'round.mine.pending': 'Waiting for review',
  'round.mine.approved': 'Added to the round',
  'round.mine.rejected': 'Not taken up',
  'plural.votes': { one: '{count} vote', other: '{count} votes' },

  'number.words': 'one,two,three,four,five,six,seven,eight,nine,ten,eleven',
  'checkout.signIn.title': 'Thank you!',
  'checkout.signIn.body': 'Sign in with the address you paid with to see your membership.',
  'plural.votesLeft': {
    one: '{count} of {total} votes left',
    other: '{count} of {total} votes left',
  },
  // Demo (npm run demo)
  'demo.banner': 'Demo: payments are simulated',
  'demo.simulator': 'Simulator controls',
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
