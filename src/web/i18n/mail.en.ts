import type { Messages } from './types.js'

/** The `mail` namespace in English: the words of every mail (composed in src/mail/messages.ts). */
export const mailEn = {
  'mail.hello': 'Hello,',
  'mail.signIn.subject': 'Your sign-in link',
  'mail.signIn.intro': 'open this link to sign in:',
  'mail.signIn.validity': {
    one: 'It works once, within {count} minute, on any device.',
    other: 'It works once, within {count} minutes, on any device.',
  },
  'mail.signIn.ignore': 'If you did not ask to sign in, ignore this message; nothing changes.',
  'mail.welcome.subject': 'Welcome, patron',
  'mail.welcome.thanks': 'thank you for becoming a patron. You can now vote on the topics we cover next.',
  'mail.welcome.signIn': 'Sign in with your email address at {url} to cast your votes.',
  'mail.paymentFailed.subject': 'Your payment did not go through',
  'mail.paymentFailed.body': {
    one: 'we could not collect your last membership payment. You keep your voting rights for {count} day while Stripe retries; updating your card in the billing portal settles it at once.',
    other:
      'we could not collect your last membership payment. You keep your voting rights for {count} days while Stripe retries; updating your card in the billing portal settles it at once.',
  },
  'mail.ended.subject': 'Your membership has ended',
  'mail.ended.body': 'your membership has ended. Thank you for your support; you are welcome back any time.',
  'mail.roundOpened.subject': '{site}: voting is open — {title}',
  'mail.roundOpened.intro': 'a new voting round has opened: {title}.',
  'mail.roundOpened.topics': {
    one: 'You can choose from {count} topic:',
    other: 'You can choose from {count} topics:',
  },
  'mail.roundOpened.budget': { one: 'You have {count} vote.', other: 'You have {count} votes.' },
  'mail.roundOpened.closes': 'Voting closes on {date}.',
  'mail.roundOpened.action': 'Vote now',
  'mail.topicCovered.subject': 'You asked, we reported: {title}',
  'mail.topicCovered.intro': 'you voted for “{title}”. The story is published:',
  'mail.topicCovered.action': 'Read the story',
  'mail.footer.why': 'You get this mail as a patron of {site}.',
  'mail.footer.unsubscribe': 'Stop these mails',
  // Security review (issue 22): the join link, mailed instead of answering on the page
  'mail.join.subject': 'Become a patron of {site}',
  'mail.join.intro': 'you asked to become a patron of {site}. Continue to payment with this link:',
  'mail.join.action': 'Continue to payment',
  'mail.join.patronSubject': 'You are already a patron of {site}',
  'mail.join.patron':
    'someone (probably you) asked to become a patron of {site} with this address, but it already has a membership. To see or change it, sign in:',
  'mail.join.signIn': 'Sign in to your account',
  'mail.join.ignore': 'If you did not ask to become a patron, ignore this message; nothing changes.',
  // Other ways to support (issue 20): contributions and gifts
  'mail.support.thanksSubject': 'Thank you for supporting {site}',
  'mail.support.thanks':
    'thank you for your one-time contribution of {amount}. It goes straight into our independent reporting.',
  'mail.support.months': { one: '{count} month', other: '{count} months' },
  'mail.support.purchasedSubject': 'Your gift membership is paid',
  'mail.support.purchased': 'thank you for giving {months} of membership ({tier}) to {recipient}.',
  'mail.support.sendsOn': 'We will mail them the gift on {date}.',
  'mail.support.sentNow': 'We have mailed them the gift with your message.',
  'mail.support.receivedSubject': 'A gift membership of {site} for you',
  'mail.support.received': '{from} has given you {months} of membership ({tier}).',
  'mail.support.start': 'Start your gift membership',
  'mail.support.startNote':
    'Your membership starts when you open the link and press the button; it does not renew itself.',
  'mail.support.endingSubject': 'Your gift membership ends in a week',
  'mail.support.ending':
    'your gift membership ends on {date}. If you would like to keep voting on what we cover, become a patron:',
  'mail.support.becomePatron': 'Become a patron',
} as const satisfies Messages
