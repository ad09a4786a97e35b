import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInput } from '../../../shared/api';
import { segment } from '../../../electron/core/kube/actions';

const action = (over: Record<string, unknown>) => ({ context: 'k3s-main', action: 'delete-pod', namespace: 'media', name: 'jellyfin-7d9c-abcde', ...over });

describe('Kubernetes names from the window are Kubernetes names, never paths', () => {
  it('accepts real object names and namespaces', () => {
    for (const name of ['jellyfin-7d9c-abcde', 'k3s-data-1-worker-3', 'node.example.lan', 'a']) assert.doesNotThrow(() => parseInput('kubeAction', action({ name })));
    assert.doesNotThrow(() => parseInput('kubeAction', action({ context: 'admin@k3s:main', action: 'cordon', namespace: undefined, name: 'rock5b' })));
  });

  it('refuses "..", ".", slashes, upper case and names that start or end with "-", naming the field', () => {
    for (const name of ['..', '.', '../nodes', 'a/b', 'Jellyfin', '-x', 'x-', 'a..b', '%2e%2e']) {
      assert.throws(() => parseInput('kubeAction', action({ name })), /^LabError: kubeAction: name: must be a Kubernetes object name/, name);
    }
    for (const namespace of ['..', 'kube.system', 'Media', '']) {
      assert.throws(() => parseInput('kubeAction', action({ namespace })), /kubeAction: namespace: must be a Kubernetes namespace/, namespace);
    }
  });

  it('the path builder refuses dot segments even if one got past the contract', () => {
    assert.throws(() => segment('..'), /"\.\." cannot be a Kubernetes object name/);
    assert.throws(() => segment('.'), /cannot be a Kubernetes object name/);
    assert.equal(segment('jellyfin-7d9c'), 'jellyfin-7d9c');
  });
});
