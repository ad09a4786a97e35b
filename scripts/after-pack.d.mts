/** Types for the electron-builder afterPack hook (scripts/after-pack.mjs). */
export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName: string };
}
export declare const labtrayFuses: Readonly<Record<number, boolean>>;
export declare function electronBinary(context: PackContext): string;
export default function afterPack(context: PackContext, flip?: (path: string, config: object) => Promise<unknown>): Promise<void>;
