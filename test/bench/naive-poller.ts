import type { PveClient } from '../../electron/core/proxmox/client';

interface NodeRow {
  node: string;
  status?: string;
}
interface GuestRow {
  vmid: number | string;
  status?: string;
}

/**
 * How a simple dashboard polls Proxmox: list the nodes, then per node its
 * status, VMs and containers, then per guest its current status. The bench
 * runs it beside LabTray's poller to show what one /cluster/resources saves.
 */
export class NaivePoller {
  constructor(
    private readonly client: PveClient,
    private readonly concurrency = 8,
  ) {}

  /** One refresh; resolves with the guests it saw. */
  async poll(signal?: AbortSignal): Promise<{ guests: number; running: number }> {
    const nodes = (await this.client.request('GET', '/nodes', undefined, signal)) as NodeRow[];
    const guests: { node: string; type: 'qemu' | 'lxc'; vmid: number }[] = [];
    await Promise.all(
      nodes.map(async ({ node }) => {
        const [, qemu, lxc] = await Promise.all([
          this.client.request('GET', `/nodes/${node}/status`, undefined, signal),
          this.client.request('GET', `/nodes/${node}/qemu`, undefined, signal) as Promise<GuestRow[]>,
          this.client.request('GET', `/nodes/${node}/lxc`, undefined, signal) as Promise<GuestRow[]>,
        ]);
        for (const g of qemu) guests.push({ node, type: 'qemu', vmid: Number(g.vmid) });
        for (const g of lxc) guests.push({ node, type: 'lxc', vmid: Number(g.vmid) });
      }),
    );
    let running = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < guests.length) {
        const g = guests[next++];
        const cur = (await this.client.request('GET', `/nodes/${g.node}/${g.type}/${g.vmid}/status/current`, undefined, signal)) as GuestRow;
        if (cur.status === 'running') running++;
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    return { guests: guests.length, running };
  }
}
