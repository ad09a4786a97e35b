#!/usr/bin/env node
// The `labtray` command on Node (bundled into out/cli by scripts/build-cli.mjs).
import { runCli } from './run';

void runCli(process.argv.slice(2)).then((code) => process.exit(code));
