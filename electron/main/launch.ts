import { join } from 'node:path';

export interface LaunchOptions {
  configPath: string;
  /** Whether the path came from --config or LABTRAY_CONFIG (then a missing file is an error, not the demo). */
  explicit: boolean;
  demo: boolean;
  /** Started by the OS at login: stay in the tray. */
  hidden: boolean;
  /** `--smoke`: start the demo lab, paint the tray, print the version and exit 0 (the release build's check). */
  smoke: boolean;
}

/** Reads `--config FILE` / `--config=FILE`, `--demo`, `--hidden`, then LABTRAY_CONFIG, then userData/config.yaml. */
export function launchOptions(argv: readonly string[], env: NodeJS.ProcessEnv, userData: string): LaunchOptions {
  let config: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--config' && i + 1 < argv.length) config = argv[++i];
    else if (a.startsWith('--config=')) config = a.slice('--config='.length);
  }
  const fromEnv = env.LABTRAY_CONFIG || undefined;
  return {
    configPath: config ?? fromEnv ?? join(userData, 'config.yaml'),
    explicit: config !== undefined || fromEnv !== undefined,
    demo: argv.includes('--demo'),
    hidden: argv.includes('--hidden'),
    smoke: argv.includes('--smoke'),
  };
}
