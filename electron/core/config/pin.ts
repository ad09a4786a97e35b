import * as nodeFs from 'node:fs/promises';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { LabError } from '../../../shared/api';
import type { HostConfig, LabConfig, ProxmoxClusterConfig } from '../../../shared/config';
import { msg } from '../../../shared/message';
import { saveConfigText, type ConfigFs } from './save';

/** What `labtray trust NAME` names: a cluster or a host of the config, never both. */
export type TrustTarget = { kind: 'cluster'; index: number; cluster: ProxmoxClusterConfig } | { kind: 'host'; index: number; host: HostConfig };

/** Finds NAME among the clusters and hosts; unknown or ambiguous is the user's to fix (invalid-input). */
export function findTrustTarget(config: LabConfig, name: string, file: string): TrustTarget {
  const ci = (config.proxmox ?? []).findIndex((c) => c.name === name);
  const hi = (config.hosts ?? []).findIndex((h) => h.name === name);
  if (ci >= 0 && hi >= 0) throw new LabError('invalid-input', msg('cli.trust.ambiguous', { name, file }).summary);
  if (ci >= 0) return { kind: 'cluster', index: ci, cluster: config.proxmox![ci] };
  if (hi >= 0) {
    const host = config.hosts![hi];
    if (!host.ssh) throw new LabError('invalid-input', msg('cli.trust.noSsh', { name }).summary);
    return { kind: 'host', index: hi, host };
  }
  throw new LabError('invalid-input', msg('cli.trust.unknown', { name, file }).summary);
}

/** A pin to write: the certificates of a cluster's endpoints (first as `fingerprint`, others as `fingerprints`), or a host key. */
export type Pin = { kind: 'cluster'; name: string; fingerprints: string[] } | { kind: 'host'; name: string; hostKey: string };

/** The index of the item named `name` in the document's `section` list (re-read: the file may have changed since it was loaded). */
function itemIndex(doc: Doc, section: 'proxmox' | 'hosts', name: string): number {
  const seq = doc.get(section, true);
  const i = isSeq(seq) ? seq.items.findIndex((it) => isMap(it) && it.get('name') === name) : -1;
  if (i < 0) throw new LabError('config', msg(section === 'proxmox' ? 'config.noCluster' : 'config.noHost', { name }).summary);
  return i;
}

type Doc = ReturnType<typeof parseDocument>;
type Range = [number, number, number];
const rangeOf = (n: unknown): Range | null => (n as { range?: Range | null } | null)?.range ?? null;

/**
 * Sets `key: value` in the block mapping at `mapPath` by editing the text
 * itself, so every other byte stays as the user wrote it: an existing value is
 * replaced in place, a new key goes on its own line after the mapping's last
 * entry, at the same indentation. Null when the mapping is written in flow
 * style (`{ ... }`): the caller then lets the Document write it.
 */
function setInPlace(text: string, doc: Doc, mapPath: (string | number)[], key: string, value: string): string | null {
  const map = doc.getIn(mapPath, true);
  if (!isMap(map) || map.flow || map.items.length === 0) return null;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  const valueRange = rangeOf(pair?.value);
  if (pair && valueRange) return text.slice(0, valueRange[0]) + value + text.slice(valueRange[1]);
  if (pair) return null;
  const first = rangeOf(map.items[0].key);
  const last = map.items[map.items.length - 1];
  const lastEnd = rangeOf(last.value) ?? rangeOf(last.key);
  if (!first || !lastEnd) return null;
  const indent = first[0] - (text.lastIndexOf('\n', first[0] - 1) + 1);
  // After the line the last entry ends on (its comment included).
  const eol = text.indexOf('\n', lastEnd[1] > 0 ? lastEnd[1] - 1 : 0);
  const at = eol < 0 ? text.length : eol;
  return `${text.slice(0, at)}\n${' '.repeat(indent)}${key}: ${value}${text.slice(at)}`;
}

const quotedFp = (fp: string): string => `'${fp}'`;

/**
 * The config text with the pin set, everything else as the user wrote it
 * (comments, order, quoting, spacing). The yaml Document API finds the field;
 * where the text cannot be edited in place (flow style), the Document sets it
 * and writes the file, comments kept. Returns the text and the fields set.
 */
export function pinInText(text: string, pin: Pin): { text: string; fields: string[] } {
  const doc = parseDocument(text);
  if (pin.kind === 'cluster') {
    const i = itemIndex(doc, 'proxmox', pin.name);
    const [first, ...more] = pin.fingerprints;
    const fields = [`proxmox[${i}].fingerprint`, ...(more.length ? [`proxmox[${i}].fingerprints`] : [])];
    const hadMore = doc.hasIn(['proxmox', i, 'fingerprints']);
    let edited: string | null = hadMore ? null : setInPlace(text, doc, ['proxmox', i], 'fingerprint', quotedFp(first));
    if (edited !== null && more.length) edited = setInPlace(edited, parseDocument(edited), ['proxmox', i], 'fingerprints', `[${more.map(quotedFp).join(', ')}]`);
    if (edited !== null) return { text: checked(edited, ['proxmox', i, 'fingerprint'], first), fields };
    doc.setIn(['proxmox', i, 'fingerprint'], first);
    if (more.length) doc.setIn(['proxmox', i, 'fingerprints'], doc.createNode(more, { flow: true }));
    else if (hadMore) doc.deleteIn(['proxmox', i, 'fingerprints']);
    return { text: doc.toString(), fields };
  }
  const i = itemIndex(doc, 'hosts', pin.name);
  const path = ['hosts', i, 'ssh'];
  const edited = setInPlace(text, doc, path, 'hostKey', pin.hostKey);
  if (edited !== null) return { text: checked(edited, [...path, 'hostKey'], pin.hostKey), fields: [`hosts[${i}].ssh.hostKey`] };
  doc.setIn([...path, 'hostKey'], pin.hostKey);
  return { text: doc.toString(), fields: [`hosts[${i}].ssh.hostKey`] };
}

/** An edit made in the text must read back as the value meant, at the path meant. */
function checked(text: string, path: (string | number)[], value: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length || doc.getIn(path) !== value) throw new LabError('config', `could not set ${path.join('.')} in place; the config is unchanged`);
  return text;
}

/** Pins in the config file itself: read, edit the one field, and write through saveConfigText (checks, atomic, symlink kept). */
export async function pinInConfigFile(path: string, pin: Pin, fs: ConfigFs = nodeFs): Promise<string[]> {
  const text = await fs.readFile(path, 'utf8');
  const edited = pinInText(text, pin);
  await saveConfigText(path, edited.text, fs);
  return edited.fields;
}
