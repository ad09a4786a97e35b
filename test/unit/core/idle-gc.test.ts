import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { QUIET_IDLE_GC_FLAG } from '../../../electron/core/idle-gc';
import { nodeBin } from '../../helpers/module-trace';

describe('idle garbage collection', () => {
  it('uses a V8 flag that the Node Electron ships still knows (an unknown flag is only a warning on stderr)', async () => {
    const stderr = await new Promise<string>((ok, fail) => {
      execFile(nodeBin, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(QUIET_IDLE_GC_FLAG)})`], { encoding: 'utf8' }, (err, _out, errOut) => (err ? fail(err) : ok(errOut)));
    });
    assert.equal(stderr, '');
    const unknown = await new Promise<string>((ok) => {
      execFile(nodeBin, ['-e', `require('node:v8').setFlagsFromString('--memory-reducer-gc-counts=0')`], { encoding: 'utf8' }, (_err, _out, errOut) => ok(errOut));
    });
    assert.match(unknown, /unrecognized flag|Error/i, 'a misspelt flag would be noticed');
  });
});
