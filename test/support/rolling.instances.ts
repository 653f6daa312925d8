/**
 * The built Deskbot instances of the rolling-restart test, each a child process named A1, B1, A2, ...
 * behind the round-robin proxy: started (and put in the proxy once listening), stopped with SIGTERM
 * (kept in the proxy until it exits, as a load balancer notices late, then taken out) or SIGKILL, with
 * a timeline of what happened when, for the figures and the failure messages.
 */

import { type Service, startService } from './built-service.js';
import type { RoundRobinProxy } from './round-robin.proxy.js';

export interface Instance {
  name: string;
  service: Service;
  startedAt: number;
  /** How it ended: the exit code or signal, and how long a SIGTERM took. */
  ended?: { code: number | null; signal: string | null; stopMs?: number };
}

export class Instances {
  readonly all: Instance[] = [];
  readonly timeline: { at: number; what: string }[] = [];
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly dist: string,
    private readonly env: () => Record<string, string>,
    private readonly proxy: RoundRobinProxy,
    private readonly t0: () => number,
  ) {}

  note(what: string): void {
    this.timeline.push({ at: Date.now(), what });
  }

  /** Seconds since the load began, for messages. */
  when(at: number): string {
    return `${((at - this.t0()) / 1000).toFixed(1)}s`;
  }

  /**
   * Starts the next instance of a slot (A or B) and puts it behind the proxy once it listens; rejects
   * with its output if it exits first.
   */
  async start(slot: string, replacing?: string): Promise<Instance> {
    const n = (this.counts.get(slot) ?? 0) + 1;
    this.counts.set(slot, n);
    const name = `${slot}${n}`;
    this.note(`${name} starting`);
    let service: Service;
    try {
      service = await startService(this.dist, this.env());
    } catch (err) {
      // The name goes to the next try; the caller tells (or fails on) the failure.
      this.counts.set(slot, n - 1);
      this.note(`${name} failed to start`);
      throw err;
    }
    const instance: Instance = { name, service, startedAt: Date.now() };
    service.child.once('exit', (code, signal) => {
      instance.ended = { ...instance.ended, code, signal };
    });
    this.all.push(instance);
    if (replacing && this.proxy.list().some((b) => b.name === replacing))
      this.proxy.replace(replacing, { name, base: service.base });
    else this.proxy.add({ name, base: service.base });
    this.note(`${name} listening at ${service.base}`);
    return instance;
  }

  /** SIGTERM, wait for the exit (SIGKILL after `ms`), then out of the proxy. */
  async terminate(instance: Instance, ms = 30_000): Promise<void> {
    const begun = Date.now();
    this.note(`${instance.name} SIGTERM`);
    const exited = this.exited(instance);
    instance.service.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.note(`${instance.name} still running ${ms / 1000}s after SIGTERM: SIGKILL`);
      instance.service.child.kill('SIGKILL');
    }, ms);
    await exited;
    clearTimeout(timer);
    instance.ended = { ...instance.ended!, stopMs: Date.now() - begun };
    this.proxy.remove(instance.name);
    await instance.service.stop(); // removes its DATA_DIR
    this.note(`${instance.name} exited (${instance.ended.code ?? instance.ended.signal})`);
  }

  /** SIGKILL: it stays in the proxy (refusing connections) until its replacement takes its place. */
  async kill(instance: Instance): Promise<number> {
    const exited = this.exited(instance);
    const at = Date.now();
    instance.service.child.kill('SIGKILL');
    this.note(`${instance.name} SIGKILL`);
    await exited;
    await instance.service.stop();
    return at;
  }

  running(): Instance[] {
    return this.all.filter((i) => i.service.child.exitCode === null && i.service.child.signalCode === null);
  }

  /** What a failed start said: its error lines, shortened. */
  static why(err: unknown): string {
    const text = err instanceof Error ? err.message : String(err);
    const lines = text
      .split('\n')
      .filter((l) => /error|detail|could not|exited/i.test(l) && !/^\s+at /.test(l))
      .map((l) => l.trim());
    return (lines.join(' | ') || text).slice(0, 600);
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.running().map(async (i) => {
        const exited = this.exited(i);
        i.service.child.kill('SIGKILL');
        await exited;
        await i.service.stop();
      }),
    );
  }

  private exited(instance: Instance): Promise<void> {
    const child = instance.service.child;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((done) => child.once('exit', () => done()));
  }
}
