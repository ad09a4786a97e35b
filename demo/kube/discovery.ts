/**
 * The documents kubectl and client libraries read before anything else: the
 * server version and API discovery (groups, and each group version's
 * resources with their verbs and short names). metrics.k8s.io is there only
 * when the cluster runs metrics-server.
 */
import type { ClusterSpec } from './objects';
import type { SimCluster } from './cluster';

type GroupVersion = { groupVersion: string; version: string };
type ApiGroup = { name: string; versions: GroupVersion[]; preferredVersion: GroupVersion };

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The body a GET of a discovery path answers; undefined when `path` is not one this cluster serves. */
export function discovery(cluster: SimCluster, port: number, path: string): object | undefined {
  const spec = cluster.spec;
  switch (path) {
    case '/version': {
      const [major, minor] = spec.gitVersion.replace(/^v/, '').split('.');
      return { major, minor, gitVersion: spec.gitVersion, gitCommit: '0c97cd5fd3a0b4b4bd1d1d5cbc2d8a8d7a4a6f10', gitTreeState: 'clean', buildDate: '2024-10-26T00:08:30Z', goVersion: 'go1.22.8', compiler: 'gc', platform: spec.platform };
    }
    case '/api':
      return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` }] };
    case '/apis':
      return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups(spec) };
    case '/api/v1':
      return resourceList('v1', [
        resource('namespaces', 'Namespace', false, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], ['ns']),
        resource('nodes', 'Node', false, ALL_VERBS, ['no']),
        resource('pods', 'Pod', true, ALL_VERBS, ['po'], ['all']),
        resource('events', 'Event', true, ALL_VERBS, ['ev']),
      ]);
    case '/apis/apps':
      return groups(spec).find((g) => g.name === 'apps');
    case '/apis/apps/v1':
      return resourceList('apps/v1', [resource('deployments', 'Deployment', true, ALL_VERBS, ['deploy'], ['all'])]);
    case '/apis/metrics.k8s.io/v1beta1':
      return spec.metrics ? resourceList('metrics.k8s.io/v1beta1', [resource('nodes', 'NodeMetrics', false, ['get', 'list']), resource('pods', 'PodMetrics', true, ['get', 'list'])]) : undefined;
    case '/apis/metrics.k8s.io/v1beta1/nodes':
      return spec.metrics ? { kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: cluster.nodeMetrics() } : undefined;
    default:
      return undefined;
  }
}

function groups(spec: ClusterSpec): ApiGroup[] {
  const g = (name: string, version: string): ApiGroup => ({ name, versions: [{ groupVersion: `${name}/${version}`, version }], preferredVersion: { groupVersion: `${name}/${version}`, version } });
  return [g('apps', 'v1'), ...(spec.metrics ? [g('metrics.k8s.io', 'v1beta1')] : [])];
}

function resource(name: string, kind: string, namespaced: boolean, verbs: string[], shortNames?: string[], categories?: string[]): object {
  return { name, singularName: kind.toLowerCase(), namespaced, kind, verbs, ...(shortNames ? { shortNames } : {}), ...(categories ? { categories } : {}) };
}

function resourceList(groupVersion: string, resources: object[]): object {
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}
