import { app, dialog } from 'electron';
import { runApp } from './app';

runApp().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`labtray: cannot start: ${message}`);
  if (app.isReady()) dialog.showErrorBox('LabTray cannot start', message);
  app.exit(1);
});
