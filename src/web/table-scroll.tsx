import type { ComponentChildren } from 'preact'

/**
 * A table that may be wider than a phone: it scrolls sideways with a shadow at the edge that has
 * more (admin.css), and it is a named, focusable region so the keyboard can scroll it too.
 */
export function TableScroll(props: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section class="table-scroll" aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  )
}
