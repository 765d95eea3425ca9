/**
 * The shapes of the message catalogs. A message is a string with `{name}` variables, or a plural:
 * forms chosen by Intl.PluralRules (English uses one/other, Ukrainian one/few/many/other), with
 * `{count}` the number.
 */
export interface Plural {
  one: string
  few?: string
  many?: string
  other: string
}

export type Messages = Record<string, string | Plural>

/** Another language's catalog of a namespace: the same keys as the English one, a plural stays a plural. */
export type Translation<English> = { [K in keyof English]: English[K] extends string ? string : Plural }

/** The `{name}` variables a message's text names. */
export type Placeholders<S> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never

/** Every form of a message, as one union of its texts. */
export type TextsOf<M> = M extends string ? M : M[keyof M]
