import { currencyExponent } from '../web/amount.js'
/**
 * CSV lines per RFC 4180: CRLF line ends; a cell holding a comma, a double quote, CR or LF is
 * wrapped in double quotes with inner quotes doubled. Pure: no I/O.
 *
 * Spreadsheet formula injection: a text cell that begins with = + - @, a tab or CR would be run as a
 * formula by Excel, LibreOffice or Google Sheets, so it is prefixed with a single quote (OWASP's
 * advice) and shown as text. Numbers are written as they are.
 */

export type Cell = string | number | boolean | Date | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  let text = value instanceof Date ? value.toISOString() : value
  if (FORMULA_START.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * Minor units (the API's integers) as the major-unit number a spreadsheet expects: 450 eur → 4.5,
 * 450 jpy → 450. The currency's exponent comes from Intl (web/amount.ts).
 */
export function majorUnits(amount: number, currency: string): number {
  const digits = currencyExponent(currency)
  return Number((amount / 10 ** digits).toFixed(digits))
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

/**
 * A header line, then one line per row as the rows arrive, handed out in chunks of about 64 kB so
 * the socket sees few large writes rather than a million small ones.
 */
export async function* csvLines<R>(
  header: readonly string[],
  rows: AsyncIterable<R>,
  toCells: (row: R) => readonly Cell[],
  chunkSize = 64 * 1024,
): AsyncGenerator<string> {
  let chunk = csvLine(header)
  for await (const row of rows) {
    chunk += csvLine(toCells(row))
    if (chunk.length >= chunkSize) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk) yield chunk
}
