/**
 * Bad input for every operation of the OpenAPI document, derived from its parameter and body
 * schemas, so a new route is covered as soon as it is registered.
 */

export interface JsonSchema {
  type?: string | string[]
  format?: string
  pattern?: string
  maxLength?: number
  enum?: unknown[]
  properties?: Record<string, JsonSchema>
  anyOf?: JsonSchema[]
}

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  schema: JsonSchema
}

export interface Operation {
  method: string
  /** OpenAPI path, `{id}` style. */
  path: string
  roles: string[]
  pathParams: string[]
  query: Parameter[]
  body: JsonSchema | undefined
}

export interface BadCase {
  /** What is wrong, for the test's name. */
  what: string
  /** Replaces one path parameter (raw, already percent-encoded). */
  pathParam?: { name: string; raw: string }
  /** Raw query string (already percent-encoded). */
  query?: string
  /** The body as sent: a string goes raw, anything else as JSON. */
  body?: unknown
  /** A decodable cursor we did not issue may also be answered 200 (an empty or odd page). */
  may200?: boolean
}

export function operations(doc: { paths: Record<string, Record<string, any>> }): Operation[] {
  const ops: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params: Parameter[] = op.parameters ?? []
      const roles = /^Roles: (.*)$/.exec(op.description ?? '')?.[1]?.split(', ') ?? []
      ops.push({
        method,
        path,
        roles,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query'),
        body: op.requestBody?.content?.['application/json']?.schema,
      })
    }
  }
  return ops
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const uuid = '00000000-0000-4000-8000-000000000000'
const nul = 'a\u0000b'

/** Instants JavaScript parses but Postgres cannot store, and text that is no instant. */
const BAD_DATES = [
  '9999-12-31T23:00:00-05:00',
  '0000-06-01T00:00:00Z',
  '0001-01-01T00:30:00+01:00',
  '2026-02-30T00:00:00Z',
  'tomorrow',
  `2026-01-01T00:00:00Z${'\u0000'}`,
]

export function pathParamCases(op: Operation): BadCase[] {
  return op.pathParams.flatMap((name) =>
    ['%ff', '%', '%zz', '%00', 'not-an-id', `${uuid}%00`, 'x'.repeat(300)].map((raw) => ({
      what: `path ${name}=${raw.slice(0, 20)}`,
      pathParam: { name, raw },
    })),
  )
}

function queryValues(p: Parameter): { raw: string; may200?: boolean }[] {
  const s = p.schema
  const values: { raw: string; may200?: boolean }[] = ['%00', 'a%00b', '%ff', '%', '%e2%82'].map((raw) => ({
    raw,
  }))
  if (p.name === 'limit') values.push(...['0', '101', '-1', '1.5', 'abc', '1e3'].map((raw) => ({ raw })))
  else if (p.name === 'cursor') {
    values.push(...['!!!', 'x'.repeat(600), b64('{'), b64({ x: nul }), b64([1])].map((raw) => ({ raw })))
    values.push(...[Buffer.from('{"a":').toString('base64url')].map((raw) => ({ raw })))
    // Shaped like the cursors of each list, with values Postgres cannot take.
    for (const forged of [
      { c: nul, i: uuid },
      { c: 'not a date', i: uuid },
      { c: '99999-01-01', i: uuid },
      { email: nul },
      { opensAt: '0000-01-01T00:00:00Z', id: uuid },
      { opensAt: '9999-12-31T23:59:59Z', id: 'nope' },
      { createdAt: 'garbage', id: uuid },
      { createdAt: '10000-01-01T00:00:00Z', id: uuid },
    ])
      values.push({ raw: b64(forged), may200: true })
  } else if (s.format === 'date-time') values.push(...BAD_DATES.map((d) => ({ raw: encodeURIComponent(d) })))
  else if (s.format === 'uuid') values.push({ raw: 'nope' }, { raw: `${uuid}x` })
  else if (s.enum) values.push({ raw: 'bogus' })
  else if (s.pattern?.includes('\\d{4}-'))
    values.push(...['0000-01', '2026-13', '10000-01', '2026-1', '-001-01'].map((raw) => ({ raw })))
  if (s.maxLength) values.push({ raw: 'x'.repeat(s.maxLength + 1) })
  return values
}

export function queryCases(op: Operation): BadCase[] {
  const cases = op.query.flatMap((p) =>
    queryValues(p).map(({ raw, may200 }) => ({
      what: `query ${p.name}=${raw.slice(0, 24)}`,
      query: `${p.name}=${raw}`,
      ...(may200 ? { may200 } : {}),
    })),
  )
  if (op.query.length > 0) {
    const first = op.query[0]!.name
    cases.push({ what: `query ${first} twice`, query: `${first}=1&${first}=2` })
  }
  // Malformed percent-encoding in any query string, even of a parameter the route does not know.
  cases.push({ what: 'query with a stray %', query: 'unknown=%' }, { what: 'query key %ff', query: '%ff=1' })
  return cases
}

const nonNull = (s: JsonSchema): JsonSchema =>
  s.anyOf?.find((a) => a.type !== 'null') ??
  (Array.isArray(s.type) ? { ...s, type: s.type.find((t) => t !== 'null') } : s)

function badPropertyValues(name: string, raw: JsonSchema): unknown[] {
  const s = nonNull(raw)
  const values: unknown[] = [{ wrong: 'type' }, ['a']]
  if (s.type === 'integer' || s.type === 'number') values.push('1', 1.5, 1e20, -1e20, true)
  if (s.type === 'boolean') values.push('true', 1)
  if (s.type !== 'string') return values
  values.push(12345, nul, `\u0000`)
  if (s.format === 'date-time') values.push(...BAD_DATES)
  else if (s.format === 'uuid') values.push('not-a-uuid', `${uuid}\u0000`)
  else if (s.format === 'uri') values.push('https://patronage.test/\u0000', 'javascript:alert(1)', '')
  else if (name === 'email') values.push('a\u0000b@example.test', `${'x'.repeat(250)}@example.test`, 'nope')
  else if (s.enum) values.push('bogus', `${String(s.enum[0])}\u0000`)
  values.push('x'.repeat((s.maxLength ?? 20_000) + 1))
  return values
}

/** One bad field at a time on an otherwise valid body, then bodies bad as a whole. */
export function bodyCases(op: Operation, validBody: Record<string, unknown>): BadCase[] {
  if (!op.body) return []
  const cases: BadCase[] = []
  for (const [name, schema] of Object.entries(op.body.properties ?? {})) {
    for (const value of badPropertyValues(name, schema)) {
      const shown = JSON.stringify(value).slice(0, 30)
      cases.push({ what: `body ${name}=${shown}`, body: { ...validBody, [name]: value } })
    }
  }
  for (const body of ['{', '{"title": "a\\u0000"', '[]', '"text"', '123', 'null', `{"${'\\u0000'}": 1}`])
    cases.push({ what: `body ${body}`, body })
  return cases
}
