import type { CliArgs } from '../args';
import type { Out } from '../follow';
import type { OpenLab } from '../open';
import type { Style } from '../style';

/** What a command writes to, and how it paints. */
export interface Io {
  out: Out;
  err: Out;
  style: Style;
  errStyle: Style;
}

/**
 * Opens the Lab for one command, runs it and closes the Lab. The exit code is
 * set before closing starts, so it holds even if closing never finishes. The
 * core loads only here: a command's usage errors come before it.
 */
export async function withLab(a: CliArgs, work: (lab: OpenLab) => Promise<number>): Promise<number> {
  const { openLab, resetDemoState } = await import('../open');
  if (a.demoReset) resetDemoState();
  const lab = await openLab({ demo: a.demo, configPath: a.config });
  let code = 1;
  try {
    code = await work(lab);
    return code;
  } finally {
    process.exitCode = code;
    await lab.close();
  }
}
