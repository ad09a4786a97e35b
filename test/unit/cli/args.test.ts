import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCli, UsageError } from '../../../electron/cli/args';

const usage = (command: string | null, pattern: RegExp) => (err: unknown): boolean => {
  assert.ok(err instanceof UsageError, String(err));
  assert.equal(err.command, command);
  assert.match(err.message, pattern);
  return true;
};

describe('the command line', () => {
  it('takes the command first and its options anywhere after', () => {
    const a = parseCli(['vm', '--demo', 'start', 'openwrt', '--cluster', 'home', '--no-color']);
    assert.equal(a.command, 'vm');
    assert.deepEqual(a.args, ['start', 'openwrt']);
    assert.equal(a.cluster, 'home');
    assert.equal(a.demo, true);
    assert.equal(a.noColor, true);
  });

  it('--demo-reset implies the demo', () => {
    const a = parseCli(['status', '--demo-reset']);
    assert.equal(a.demo, true);
    assert.equal(a.demoReset, true);
  });

  it('refuses an option the command does not take, naming the command', () => {
    assert.throws(() => parseCli(['status', '--cluster', 'home']), usage('status', /^unknown option --cluster$/));
    assert.throws(() => parseCli(['ping', 'um560', '--bogus']), usage('ping', /^unknown option --bogus$/));
  });

  it('says which option lacks its value', () => {
    assert.throws(() => parseCli(['backup', '--set']), usage('backup', /^--set needs a value$/));
  });

  it('names an unknown command', () => {
    assert.throws(() => parseCli(['statsu']), usage(null, /^unknown command "statsu"$/));
  });

  it('reads help for a command both ways', () => {
    assert.equal(parseCli(['vm', '--help']).help, true);
    assert.deepEqual(parseCli(['help', 'vm']).args, ['vm']);
  });
});
