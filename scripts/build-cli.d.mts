/** Types for the CLI bundler (scripts/build-cli.mjs). */
export declare const MIN_NODE: readonly [number, number];
export declare function buildCli(root: string): Promise<string>;
