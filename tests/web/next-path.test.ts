import { describe, expect, it } from 'vitest'
import { safeNextPath } from '../../src/web/next-path.js'

describe('next= after sign-in', () => {
  it('keeps a path of this site with its query', () => {
    expect(safeNextPath('/rounds/abc?x=1')).toBe('/rounds/abc?x=1')
    expect(safeNextPath('/')).toBe('/')
  })
  it.each([
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '/%0d%0aLocation:%20x',
    '/\t/evil.example',
    'rounds',
    '',
    undefined,
    ['/a'],
  ])('refuses %j', (value) => {
    const result = safeNextPath(value, '/account')
    expect(result === '/account' || !/^\/\/|^\/\\/.test(result)).toBe(true)
    if (typeof value !== 'string' || !value.startsWith('/') || /^\/[\\/\t]/.test(value)) {
      expect(result).toBe('/account')
    }
  })
})
