/**
 * Staff type dates in the newsroom's time zone (`<input type="datetime-local">` has none): these
 * convert between such a wall-clock value and an instant.
 */
const formats = new Map<string, Intl.DateTimeFormat>()

function partsIn(at: Date, timeZone: string) {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formats.set(timeZone, format)
  }
  const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]))
  return p as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>
}

/** 'YYYY-MM-DDTHH:mm' as the newsroom's clocks show this instant. */
export function toLocalInput(at: Date, timeZone: string): string {
  const p = partsIn(at, timeZone)
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`
}

function offsetMs(at: Date, timeZone: string): number {
  const p = partsIn(at, timeZone)
  const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second)
  return wall - Math.floor(at.getTime() / 1000) * 1000
}

/** The instant the newsroom's clocks show as this 'YYYY-MM-DDTHH:mm'; undefined when it is not one. */
export function fromLocalInput(value: string, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value)
  if (!m) return undefined
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number]
  const wall = Date.UTC(y, mo - 1, d, h, mi)
  if (y < 1 || mo > 12 || d > 31 || h > 23 || mi > 59 || new Date(wall).getUTCDate() !== d) return undefined
  // Two passes settle the offset also next to a daylight-saving change.
  let at = wall - offsetMs(new Date(wall), timeZone)
  at = wall - offsetMs(new Date(at), timeZone)
  return new Date(at)
}
