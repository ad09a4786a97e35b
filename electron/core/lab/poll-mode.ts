/** How often sources are read: window open, hidden (or quiet), or not at all. */
export type PollMode = 'fast' | 'slow' | 'paused';

/** What decides how often the Lab polls. The shells report each fact; the Lab alone turns them into a mode. */
export interface PollFlags {
  /** The user chose Pause checks. */
  userPaused: boolean;
  /** The machine is going to sleep. */
  sleeping: boolean;
  windowVisible: boolean;
  /** Quiet mode (gaming): notices held back, polling slowed. */
  quiet: boolean;
}

/** Paused beats everything; fast only while the window is visible and quiet mode is off. */
export function pollModeFor(f: PollFlags): PollMode {
  if (f.userPaused || f.sleeping) return 'paused';
  return f.windowVisible && !f.quiet ? 'fast' : 'slow';
}
