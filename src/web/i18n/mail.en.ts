import type { Messages } from './types.js'

/** The `mail` namespace in English: the words of every mail (composed in src/mail/messages.ts). */
export const mailEn = {
  'mail.hello': 'Hello,',
  'mail.signIn.subject': 'Your sign-in link for {site}',
  'mail.signIn.intro': 'Here is your link to sign in to {site}.',
  'mail.signIn.validity': {
    one: 'It works once, within {count} minute, on any device.',
    other: 'It works once, within {count} minutes, on any device.',
  },
  'mail.signIn.ignore': 'If you did not ask to sign in, ignore this mail; nothing changes.',
  'mail.welcome.subject': 'Welcome, patron of {site}',
  'mail.welcome.thanks': 'Thank you for becoming a patron. You can now vote on the topics we cover next.',
  'mail.paymentFailed.subject': 'Your payment did not go through',
  'mail.paymentFailed.body': {
    one: 'We could not collect your last membership payment. You keep your votes for {count} more day while Stripe tries again; updating your card on your account page settles it at once.',
    other:
      'We could not collect your last membership payment. You keep your votes for {count} more days while Stripe tries again; updating your card on your account page settles it at once.',
  },
  'mail.ended.subject': 'Your membership has ended',
  'mail.ended.body': 'Your membership has ended. Thank you for your support; you are welcome back any time.',
  'mail.roundOpened.subject': '{site}: voting is open — {title}',
  'mail.roundOpened.intro': 'A new voting round has opened: {title}.',
  'mail.roundOpened.topics': {
    one: 'You can choose from {count} topic:',
    other: 'You can choose from {count} topics:',
  },
  'mail.roundOpened.budget': { one: 'You have {count} vote.', other: 'You have {count} votes.' },
  'mail.roundOpened.closes': 'Voting closes on {date}.',
  'mail.roundOpened.action': 'Vote now',
  'mail.topicCovered.subject': 'You asked, we reported: {title}',
  'mail.topicCovered.intro': 'You voted for “{title}”. The story is out.',
  'mail.topicCovered.action': 'Read the story',
  'mail.footer.why': 'You get this mail as a patron of {site}.',
  'mail.footer.unsubscribe': 'Stop these mails',
  // Security review (issue 22): the join link, mailed instead of answering on the page
  'mail.join.subject': 'Become a patron of {site}',
  'mail.join.intro': 'You asked to become a patron of {site}. One step is left: the payment.',
  'mail.join.action': 'Continue to payment',
  'mail.join.patronSubject': 'You are already a patron of {site}',
  'mail.join.patron':
    'Someone (probably you) asked to become a patron of {site} with this address, but it already has a membership. To see or change it, sign in.',
  'mail.join.signIn': 'Sign in to your account',
  // Other ways to support (issue 20): contributions and gifts
  'mail.support.thanksSubject': 'Thank you for supporting {site}',
  'mail.support.thanks':
    'Thank you for your one-time contribution of {amount}. It goes straight into our independent reporting.',
  'mail.support.months': { one: '{count} month', other: '{count} months' },
  'mail.support.purchasedSubject': 'Your gift membership is paid',
  'mail.support.purchased': 'Thank you for giving {months} of membership ({tier}) to {recipient}.',
  'mail.support.sendsOn': 'We will mail them the gift on {date}.',
  'mail.support.sentNow': 'We have mailed them the gift with your message.',
  'mail.support.receivedSubject': 'A gift membership of {site} for you',
  'mail.support.received': 'A gift for you from {from}: {months} of membership ({tier}).',
  'mail.support.start': 'Start your gift membership',
  'mail.support.startNote':
    'Your membership starts when you open the link and press the button; it does not renew itself.',
  'mail.support.endingSubject': 'Your gift membership ends in a week',
  'mail.support.ending':
    'Your gift membership ends on {date}. If you would like to keep voting on what we cover, become a patron.',
  'mail.support.becomePatron': 'Become a patron',
  'mail.join.ignore': 'If you did not ask to become a patron, ignore this mail; nothing changes.',
  // The newsroom's own voice (issue 19): buttons, the welcome's facts, the staff invitation
  'mail.button.signIn': 'Sign in',
  'mail.button.account': 'Go to your account',
  'mail.welcome.plan': 'Your membership: {tier}, {price}.',
  'mail.welcome.renews': 'It renews on {date}.',
  'mail.welcome.manage':
    'To change your tier, update your card or cancel, go to your account page. If you cancel, you stay a patron until the end of the period you paid for.',
  'mail.welcome.round': 'Patrons are voting now: {title}.',
  'mail.welcome.noRound': 'We will write to you when the next vote opens.',
  'mail.paymentFailed.action': 'Update your card',
  'mail.ended.action': 'Become a patron again',
  'mail.invite.subject': 'You are invited to {site}',
  'mail.invite.intro': 'You have been added to the team of {site} as {role}.',
  'mail.invite.later': 'Later, sign in at {url} with this address.',
  'mail.invite.ignore': 'If you did not expect this invitation, ignore this mail.',
  'mail.role.admin': 'an admin',
  'mail.role.editor': 'an editor',
  'mail.role.analyst': 'an analyst',
} as const satisfies Messages
