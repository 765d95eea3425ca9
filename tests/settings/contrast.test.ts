import { describe, expect, it } from 'vitest'
import { accentReadable, contrastRatio, normaliseHex, palettes } from '../../src/web/contrast.js'

describe('the accent colour and its palette', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
  })

  it('accepts #rgb and #rrggbb in any case, nothing else', () => {
    expect(normaliseHex('#ABC')).toBe('#aabbcc')
    expect(normaliseHex(' #8A1C1C ')).toBe('#8a1c1c')
    for (const bad of ['red', '#abcd', '8a1c1c', '#ggg', 'url(x)']) expect(normaliseHex(bad)).toBeUndefined()
  })

  it('refuses colours too light for white words, accepts dark ones', () => {
    expect(accentReadable('#0b5c8e')).toBe(true)
    expect(accentReadable('#8a1c1c')).toBe(true)
    expect(accentReadable('#f5d76e')).toBe(false)
    expect(accentReadable('#777777')).toBe(false)
  })

  for (const accent of ['#0b5c8e', '#8a1c1c', '#000000', '#1d5e3a', '#5b2a86', '#6b6b00']) {
    it(`keeps AA contrast in both themes for ${accent}`, () => {
      const { light, dark } = palettes(accent)
      expect(contrastRatio(light.accent, light.accentText)).toBeGreaterThanOrEqual(4.5)
      expect(contrastRatio(light.accent, light.accentSoft)).toBeGreaterThanOrEqual(4.5)
      expect(contrastRatio(dark.accent, '#1e1e1c')).toBeGreaterThanOrEqual(4.5)
      expect(contrastRatio(dark.accent, '#141413')).toBeGreaterThanOrEqual(4.5)
      expect(contrastRatio(dark.accent, dark.accentText)).toBeGreaterThanOrEqual(4.5)
      expect(contrastRatio('#ecebe7', dark.accentSoft)).toBeGreaterThanOrEqual(4.5)
    })
  }
})
