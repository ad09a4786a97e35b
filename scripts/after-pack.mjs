// electron-builder afterPack hook: flips Electron's fuses in the packaged binary
// before it is signed, so a shipped LabTray cannot be turned into a plain Node
// (RunAsNode, NODE_OPTIONS, --inspect) and only runs the app from its own
// checked app.asar.
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/** Exactly the fuses LabTray sets; every other fuse keeps Electron's default. */
export const labtrayFuses = Object.freeze({
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
});

/** The packaged Electron binary for the platform being built (the .app bundle on macOS). */
export function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${name}.app`);
    case 'win32':
      return join(appOutDir, `${name}.exe`);
    default:
      return join(appOutDir, packager.executableName);
  }
}

/** The hook electron-builder calls; `flip` is there for the test. */
export default async function afterPack(context, flip = flipFuses) {
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flip(electronBinary(context), {
    version: FuseVersion.V1,
    // Flipping a fuse breaks an ad-hoc signature; re-sign ad hoc where codesign exists (electron-builder signs properly after this hook).
    resetAdHocDarwinSignature: darwin && process.platform === 'darwin',
    ...labtrayFuses,
  });
}
