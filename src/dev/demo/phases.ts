/**
 * Wall and CPU seconds per phase of a demo start, in the order they ran (printed, and read by the demo
 * bench). The demo is one process with its database inside, on the same thread, so on an idle machine its
 * wall time is about its CPU time; on a busy one the CPU seconds say what idle would have taken.
 */
export class Phases {
  readonly seconds: { name: string; wall: number; cpu: number }[] = []

  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now()
    const cpu = process.cpuUsage()
    try {
      return await work()
    } finally {
      const used = process.cpuUsage(cpu)
      this.seconds.push({
        name,
        wall: (performance.now() - started) / 1000,
        cpu: (used.user + used.system) / 1e6,
      })
    }
  }

  /** `start-up 2.1 s (CPU 2.3 s), members 9.8 s (CPU 9.5 s), ...`: one line a person and the bench can read. */
  toString(): string {
    return this.seconds.map((p) => `${p.name} ${p.wall.toFixed(1)} s (CPU ${p.cpu.toFixed(1)} s)`).join(', ')
  }
}
