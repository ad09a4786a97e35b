import { app, dialog } from 'electron';
import { guardProcess } from '../core/crash-guard';
import { quietIdleGc } from '../core/idle-gc';
import { runApp } from './app';
import { cliArguments } from './cli-mode';
import { processLog } from './process-log';

const cli = cliArguments(process.argv, process.defaultApp === true);

if (cli) {
  // `labtray status` through the app's own binary: the command runs, nothing of the app starts.
  void import('../cli/run')
    .then(({ runCli }) => runCli(cli))
    .then((code) => app.exit(code));
} else {
  // A bug in one corner (a source, a timer, a stray promise) is logged; the tray stays up.
  guardProcess(process, { log: processLog });

  // A tray app idles for hours: no whole-heap collections just because time passed.
  quietIdleGc();

  runApp().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`labtray: cannot start: ${message}`);
    if (app.isReady()) dialog.showErrorBox('LabTray cannot start', message);
    app.exit(1);
  });
}
