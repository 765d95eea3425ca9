/** The shape of a benchmark suite as bench/run.ts runs it. */
export interface SuiteContext {
  serverUrl: string
  sizes: number[] | undefined
  log(line: string): void
}

export interface Suite {
  name: string
  description: string
  run(ctx: SuiteContext): Promise<unknown>
}
