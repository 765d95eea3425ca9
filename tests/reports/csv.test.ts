import { describe, expect, it } from 'vitest'
import { csvCell, csvLine, majorUnits } from '../../src/reports/csv.js'

describe('CSV cells', () => {
  it('quotes per RFC 4180 only where needed', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
    expect(csvCell(-500)).toBe('-500')
    expect(csvCell(new Date('2025-01-02T03:04:05Z'))).toBe('2025-01-02T03:04:05.000Z')
  })

  it('neutralises text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-2')).toBe("'-2")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\tx')).toBe("'\tx")
    expect(csvCell('=HYPERLINK("http://evil.test","x")')).toBe(`"'=HYPERLINK(""http://evil.test"",""x"")"`)
    expect(csvCell('a=b')).toBe('a=b')
  })

  it('ends lines with CRLF', () => {
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n')
  })
})

describe('money in CSV', () => {
  it('writes minor units as major units by the currency exponent', () => {
    expect(majorUnits(450, 'eur')).toBe(4.5)
    expect(majorUnits(417, 'usd')).toBe(4.17)
    expect(majorUnits(450, 'jpy')).toBe(450)
    expect(majorUnits(1234, 'bhd')).toBe(1.234)
    expect(majorUnits(0, 'eur')).toBe(0)
    expect(csvLine(['eur', majorUnits(-1999, 'eur')])).toBe('eur,-19.99\r\n')
  })
})
