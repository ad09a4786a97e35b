// Builds the `labtray` command into out/cli: a small launcher (package.json
// "bin") that checks the Node version and imports main.mjs, which esbuild
// bundles from electron/cli with each command, integration and the demo lab
// in chunks of their own, so `labtray --help` loads only what help needs.
// Packages stay in node_modules (the app's asar has them too). Run by
// `electron-vite build` (a plugin in electron.vite.config.ts) or on its own.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** The oldest Node the CLI runs on: @kubernetes/client-node's undici needs 22.19 (package.json "engines"). */
export const MIN_NODE = [22, 19];

const launcher = `#!/usr/bin/env node
// The labtray command (built by scripts/build-cli.mjs). Checks the Node version before loading anything newer Node may need.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < ${MIN_NODE[0]} || (major === ${MIN_NODE[0]} && minor < ${MIN_NODE[1]})) {
  process.stderr.write(\`labtray: needs Node.js ${MIN_NODE.join('.')} or newer; this is \${process.version}\\n\`);
  process.exit(2);
}
await import('./main.mjs');
`;

/** Bundles electron/cli/index.ts into `<root>/out/cli`; returns the launcher's path. */
export async function buildCli(root) {
  const outdir = join(root, 'out', 'cli');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { main: join(root, 'electron/cli/index.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${MIN_NODE[0]}`,
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const bin = join(outdir, 'labtray.mjs');
  writeFileSync(bin, launcher);
  chmodSync(bin, 0o755);
  return bin;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const bin = await buildCli(resolve(import.meta.dirname, '..'));
  console.log(`built ${bin}`);
}
