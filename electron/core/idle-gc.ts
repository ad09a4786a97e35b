import { setFlagsFromString } from 'node:v8';

/**
 * The V8 flag that keeps an idle process idle. V8's memory reducer collects
 * the whole heap whenever no collection ran for 100 s (its watchdog) and again
 * after a burst; for a core that idles in the tray for hours, that alone was
 * about 45 of the 80 ms of CPU a minute the idle process cost at bench scale
 * (the Kubernetes client alone is 25 MB of heap to mark each time). Ordinary
 * collections, driven by allocation, still run. `--no-memory-reducer` cannot
 * be changed once V8 runs; this count is read each time the reducer acts.
 */
export const QUIET_IDLE_GC_FLAG = '--memory-reducer-gc-count=0';

/** Stops the memory reducer's idle collections in this process (long-running shells call it first thing). */
export function quietIdleGc(setFlags: (flags: string) => void = setFlagsFromString): void {
  setFlags(QUIET_IDLE_GC_FLAG);
}
