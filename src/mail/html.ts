const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text and attribute values in the HTML of mails and the unsubscribe page. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => entities[c]!)
