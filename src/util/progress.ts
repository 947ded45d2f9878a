import { isQuiet } from './output.js';

/**
 * A one-line progress meter on stderr (records, records/s, bytes read). It draws only
 * when stderr is a TTY and --quiet is off, and at most a few times a second, so the
 * per-record cost is one counter increment and a cheap time check every 64k records.
 */
export class Progress {
  private readonly enabled: boolean;
  private readonly start = Date.now();
  private lastDraw = 0;
  private drawn = false;
  records = 0;
  bytes = 0;

  constructor(private readonly label: string, enabled?: boolean) {
    this.enabled = enabled ?? (Boolean(process.stderr.isTTY) && !isQuiet());
  }

  tick(records: number, bytes: number): void {
    this.records = records;
    this.bytes = bytes;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 250) return;
    this.lastDraw = now;
    this.draw(now);
  }

  private draw(now: number): void {
    const secs = Math.max((now - this.start) / 1000, 0.001);
    const rate = Math.round(this.records / secs);
    const mb = (this.bytes / 1e6).toFixed(1);
    process.stderr.write(`\r${this.label}: ${this.records.toLocaleString('en-US')} records, ${rate.toLocaleString('en-US')}/s, ${mb} MB read   `);
    this.drawn = true;
  }

  done(): void {
    if (this.enabled && this.drawn) {
      this.draw(Date.now());
      process.stderr.write('\n');
    }
  }
}
