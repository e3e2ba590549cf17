// Paces requests when CONTRACT_MAX_RPM is set, so a run against a live server stays inside the
// partner's budget. Spacing requests evenly (rather than bursting) also keeps a sliding-window
// limiter from ever seeing more than the budget in any 60 s.
export class Pacer {
  private next = 0;
  private readonly rpm: number | undefined;
  constructor(rpm?: number) {
    this.rpm = rpm;
  }

  async turn(): Promise<void> {
    if (!this.rpm) return;
    const interval = 60_000 / this.rpm;
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + interval;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }
}
