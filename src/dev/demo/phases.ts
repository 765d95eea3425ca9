/** Wall seconds per phase of a demo start, in the order they ran (printed, and read by the demo bench). */
export class Phases {
  readonly seconds: [string, number][] = []

  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now()
    try {
      return await work()
    } finally {
      this.seconds.push([name, (performance.now() - started) / 1000])
    }
  }

  /** `start-up 2.1 s, members 9.8 s, ...`: one line a person and the bench can read. */
  toString(): string {
    return this.seconds.map(([name, s]) => `${name} ${s.toFixed(1)} s`).join(', ')
  }
}
