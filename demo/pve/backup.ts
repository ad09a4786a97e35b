/**
 * vzdump as PVE runs it: one task per job that backs up each listed guest in
 * turn, takes the guest's lock while it does, logs progress like the real
 * tool, fails a guest (not the job) on a lock, an offline or a full storage,
 * and adds the finished archive to the storage's content.
 */
import { randomUUID } from 'node:crypto';
import { GiB, now, SimHttpError, type PveCluster, type SimBackupVolume, type SimCall, type SimGuest, type SimStorage, type SimTask } from './model';

/** The job's settings each guest's backup follows. */
interface BackupOptions {
  mode: string;
  compress: string;
  notesTemplate: string;
  protect: boolean;
}

/** Adds a backup archive to a storage's content, named like vzdump names it. */
export function addBackup(sim: PveCluster, g: SimGuest, storage: string, node: string, ctime: number, size: number, compress: string, notes: string, prot: boolean): SimBackupVolume {
  const d = new Date(ctime * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}-${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}`;
  const ext = `${g.type === 'qemu' ? 'vma' : 'tar'}.${compress === 'zstd' ? 'zst' : compress === 'gzip' ? 'gz' : compress === 'lzo' ? 'lzo' : ''}`.replace(/\.$/, '');
  const vol: SimBackupVolume = { volid: `${storage}:backup/vzdump-${g.type}-${g.vmid}-${stamp}.${ext}`, storage, node, vmid: g.vmid, subtype: g.type, ctime, size: Math.round(size), format: ext, notes, protected: prot };
  sim.backups.push(vol);
  return vol;
}

/** POST /nodes/{node}/vzdump: one worker for the listed guests, logging like vzdump does. */
export function vzdump(c: SimCall): string {
  const sim = c.sim;
  const node = c.params.node;
  const vmids = c.params.all === '1' ? [...sim.guests.values()].filter((g) => g.node === node && !g.template).map((g) => g.vmid) : (c.params.vmid ?? '').split(/[,;\s]+/).filter(Boolean).map(Number);
  if (vmids.length === 0) throw new SimHttpError(400, 'Parameter verification failed.', { vmid: 'property is missing and it is not optional' });
  const storageId = c.params.storage ?? 'local';
  const storage = sim.storages.find((s) => s.storage === storageId && (s.node === node || s.shared));
  if (!storage) throw new SimHttpError(500, `storage '${storageId}' does not exist`);
  if (!storage.content.split(',').includes('backup')) throw new SimHttpError(500, `storage '${storageId}' does not support backups`);
  for (const v of vmids) sim.checkPerm(c.user, 'VM.Backup', `/vms/${v}`);
  // As the API docs say: VM.Backup on each guest and Datastore.AllocateSpace on the backup storage.
  sim.checkPerm(c.user, 'Datastore.AllocateSpace', `/storage/${storageId}`);
  const mode = c.params.mode ?? 'snapshot';
  const compress = c.params.compress ?? '0';
  const cmd = ['vzdump', ...(c.params.all === '1' ? ['--all', '1'] : [vmids.join(' ')]), '--storage', storageId, '--mode', mode, '--compress', compress];
  if (c.params['notes-template']) cmd.push('--notes-template', `'${c.params['notes-template']}'`);
  if (c.params.protected === '1') cmd.push('--protected', '1');
  cmd.push('--node', node);
  return sim.runTask(node, 'vzdump', vmids.length === 1 ? String(vmids[0]) : '', c.user, async (t) => {
    t.log.push(`INFO: starting new backup job: ${cmd.join(' ')}`);
    let errors = 0;
    for (const vmid of vmids) {
      const g = sim.guests.get(vmid);
      if (!g || g.node !== node) {
        t.log.push(`ERROR: Backup of VM ${vmid} failed - unable to find VM '${vmid}' on node '${node}'`);
        errors++;
        continue;
      }
      const failed = await backupOne(sim, t, g, storage, { mode, compress, notesTemplate: c.params['notes-template'] ?? '', protect: c.params.protected === '1' });
      if (failed) errors++;
    }
    if (errors) {
      t.log.push('INFO: Backup job finished with errors');
      throw new Error('job errors');
    }
    t.log.push('INFO: Backup job finished successfully');
  });
}

/** One guest of a vzdump job, logged like vzdump; true when it failed (the job goes on with the next guest). */
async function backupOne(sim: PveCluster, t: SimTask, g: SimGuest, storage: SimStorage, { mode, compress, notesTemplate, protect: prot }: BackupOptions): Promise<boolean> {
  const stamp = (): string => new Date().toISOString().replace('T', ' ').slice(0, 19);
  const started = Date.now();
  t.log.push(`INFO: Starting Backup of VM ${g.vmid} (${g.type})`);
  t.log.push(`INFO: Backup started at ${stamp()}`);
  const fail = (why: string): boolean => {
    t.log.push(`ERROR: Backup of VM ${g.vmid} failed - ${why}`);
    t.log.push(`INFO: Failed at ${stamp()}`);
    return true;
  };
  if (g.lock) return fail(`${g.type === 'qemu' ? 'VM' : 'CT'} is locked (${g.lock})`);
  if (!storage.online) return fail(`storage '${storage.storage}' is not online`);
  const size = g.diskGiB * GiB;
  const archiveSize = Math.round(size * (0.18 + (g.vmid % 5) * 0.04));
  if (storage.usedBytes + archiveSize > storage.totalBytes) return fail(`vma_queue_write: write error - No space left on device`);
  g.lock = 'backup';
  try {
    t.log.push(`INFO: status = ${g.status}`);
    if (g.type === 'qemu') {
      t.log.push(`INFO: VM Name: ${g.name}`);
      t.log.push(`INFO: include disk 'scsi0' 'local-lvm:vm-${g.vmid}-disk-0' ${g.diskGiB}G`);
    } else t.log.push(`INFO: CT Name: ${g.name}`, `INFO: including mount point rootfs ('/') in backup`);
    t.log.push(`INFO: backup mode: ${mode}`, 'INFO: ionice priority: 7');
    const vol = pendingVolume(g, compress);
    t.log.push(`INFO: creating vzdump archive '${storage.path}/dump/${vol}'`);
    const steps = 8;
    const total = `${(size / GiB).toFixed(1)} GiB`;
    if (g.type === 'qemu') {
      t.log.push(`INFO: started backup task '${randomUUID()}'`);
      if (g.status === 'running' && mode !== 'stop') t.log.push('INFO: resuming VM again');
      for (let i = 1; i <= steps; i++) {
        await sim.wait(700);
        const pct = Math.round((i / steps) * 100);
        const done = ((size * i) / steps / GiB).toFixed(1);
        t.log.push(`INFO: ${String(pct).padStart(3, ' ')}% (${done} GiB of ${total}) in ${i * 3}s, read: ${(90 + (i * 37) % 200).toFixed(1)} MiB/s, write: ${(40 + (i * 13) % 80).toFixed(1)} MiB/s`);
      }
      t.log.push(`INFO: backup is sparse: ${((size - archiveSize) / GiB).toFixed(2)} GiB (${Math.round(((size - archiveSize) / size) * 100)}%) total zero data`);
      const secs = Math.max(1, Math.round((Date.now() - started) / 1000));
      t.log.push(`INFO: transferred ${(size / GiB).toFixed(2)} GiB in ${secs} seconds (${(size / 1024 ** 2 / secs).toFixed(1)} MiB/s)`);
    } else {
      await sim.wait(700 * steps);
      t.log.push(`INFO: Total bytes written: ${archiveSize} (${(archiveSize / GiB).toFixed(2)}GiB, ${(archiveSize / 1024 ** 2 / 4).toFixed(0)}MiB/s)`);
    }
    t.log.push(`INFO: archive file size: ${(archiveSize / 1024 ** 2).toFixed(0)}MB`);
    const notes = notesTemplate.replace(/\{\{guestname\}\}/g, g.name).replace(/\{\{vmid\}\}/g, String(g.vmid)).replace(/\{\{node\}\}/g, g.node).replace(/\{\{cluster\}\}/g, sim.clusterName);
    if (notes) t.log.push('INFO: adding notes to backup');
    if (prot) t.log.push('INFO: marking backup as protected');
    addBackup(sim, g, storage.storage, storage.node, now(), archiveSize, compress, notes, prot);
    storage.usedBytes += archiveSize;
    const secs = Math.round((Date.now() - started) / 1000);
    t.log.push(`INFO: Finished Backup of VM ${g.vmid} (${new Date(secs * 1000).toISOString().slice(11, 19)})`);
    t.log.push(`INFO: Backup finished at ${stamp()}`);
    return false;
  } finally {
    g.lock = null;
  }
}

/** The archive name vzdump writes to while it runs. */
function pendingVolume(g: SimGuest, compress: string): string {
  const d = new Date();
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}-${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}`;
  return `vzdump-${g.type}-${g.vmid}-${stamp}.${g.type === 'qemu' ? 'vma' : 'tar'}${compress === 'zstd' ? '.zst' : compress === 'gzip' ? '.gz' : compress === 'lzo' ? '.lzo' : ''}`;
}
