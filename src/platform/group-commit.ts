/**
 * Jobs queued by lane and handed over in groups. The first job of an idle lane starts at once;
 * those that arrive while its group runs wait, and the next group takes them all (up to
 * `maxGroup`). A lane therefore costs nothing when it is quiet, and under load it gathers what
 * would otherwise queue one by one on the same lock.
 */
export class Lanes<J> {
  private readonly waiting = new Map<string, J[]>();

  constructor(
    /** Runs one group; it settles its jobs itself and must not throw. */
    private readonly runGroup: (jobs: J[]) => Promise<void>,
    private readonly maxGroup: number,
  ) {}

  enqueue(lane: string, job: J): void {
    this.add(lane, [job], 'tail');
  }

  /** Puts jobs back at the head of their lane, ahead of those that came after them. */
  requeue(lane: string, jobs: readonly J[]): void {
    this.add(lane, jobs, 'head');
  }

  private add(lane: string, jobs: readonly J[], where: 'head' | 'tail'): void {
    const queue = this.waiting.get(lane);
    if (queue === undefined) {
      const fresh = [...jobs];
      this.waiting.set(lane, fresh);
      void this.drain(lane, fresh);
    } else if (where === 'head') {
      queue.unshift(...jobs);
    } else {
      queue.push(...jobs);
    }
  }

  private async drain(lane: string, queue: J[]): Promise<void> {
    while (queue.length > 0) await this.runGroup(queue.splice(0, this.maxGroup));
    this.waiting.delete(lane);
  }
}
