// A TCP load balancer on 127.0.0.1 in front of several service instances, as nginx or a
// cloud balancer would be: each new connection goes to the next instance in turn, and to
// the one after when that one refuses (it is down or restarting). A connection already
// open to an instance that dies is cut, and the client's retry opens a new one.
import net from 'node:net';

export interface Balancer {
  port: number;
  /** connections each backend took */
  served: number[];
  close(): Promise<void>;
}

export async function startBalancer(backends: number[]): Promise<Balancer> {
  let next = 0;
  const served = backends.map(() => 0);
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const server = net.createServer((client) => {
    track(client);
    client.pause();
    const tryBackend = (tries: number) => {
      if (tries >= backends.length) return void client.destroy();
      const i = next++ % backends.length;
      const upstream = net.connect(backends[i], '127.0.0.1');
      let connected = false;
      upstream.once('error', () => {
        if (!connected) tryBackend(tries + 1);
        else client.destroy();
      });
      upstream.once('connect', () => {
        connected = true;
        served[i]++;
        track(upstream);
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    served,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
