import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer as createNetServer, type Socket } from 'node:net';
import type { SimCertificate } from '../../demo/pve/cert';

/** An HTTPS server on 127.0.0.1 that counts requests and connections and notes the SNI names sent. */
export interface Served {
  server: Server;
  port: number;
  requests: number;
  connections: number;
  servernames: string[];
  /** Requests to /hang are never answered; each one's connection closing settles its promise here. */
  hanging: Promise<void>[];
  sockets: Set<Socket>;
  /** One promise per connection accepted, settled when the server sees that connection close. */
  closes: Promise<void>[];
}

export async function serve(cert: SimCertificate, host = '127.0.0.1'): Promise<Served> {
  const s: Served = { server: undefined as unknown as Server, port: 0, requests: 0, connections: 0, servernames: [], hanging: [], sockets: new Set(), closes: [] };
  const SNICallback = (name: string, cb: (err: Error | null) => void): void => {
    s.servernames.push(name);
    cb(null);
  };
  s.server = createHttpsServer({ key: cert.key, cert: cert.cert, SNICallback }, (req, res) => {
    s.requests++;
    if (req.url === '/hang') {
      s.hanging.push(new Promise((resolve) => req.socket.once('close', () => resolve())));
      return;
    }
    res.setHeader('content-type', 'text/plain');
    res.end(`answered ${req.url}`);
  });
  s.server.on('connection', (socket: Socket) => {
    s.connections++;
    s.sockets.add(socket);
    s.closes.push(new Promise((resolve) => socket.once('close', () => resolve())));
    socket.once('close', () => s.sockets.delete(socket));
  });
  await new Promise<void>((resolve) => s.server.listen(0, host, resolve));
  s.port = (s.server.address() as { port: number }).port;
  return s;
}

export async function stop(s: Served): Promise<void> {
  for (const socket of s.sockets) socket.destroy();
  await new Promise<void>((resolve) => s.server.close(() => resolve()));
}

/** A port on 127.0.0.1 where nothing listens. */
export async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A TCP server on 127.0.0.1 that accepts connections and never answers a TLS handshake. */
export async function silentServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Whether `closed` settles within `ms`: a bound on waiting for an event that must come, not a timing claim. */
export async function settlesWithin(closed: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([closed.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
