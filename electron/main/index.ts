import { app, dialog } from 'electron';
import { quietIdleGc } from '../core/idle-gc';
import { runApp } from './app';

// A tray app idles for hours: no whole-heap collections just because time passed.
quietIdleGc();

runApp().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`labtray: cannot start: ${message}`);
  if (app.isReady()) dialog.showErrorBox('LabTray cannot start', message);
  app.exit(1);
});
