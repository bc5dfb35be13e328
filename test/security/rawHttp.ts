// Raw bytes to a listening server over node:net, for what fetch cannot send: malformed
// request lines, oversized or unfinished headers, any Host header, a body cut short.
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** the server closed the connection */
  closed: boolean;
  ms: number;
}

/**
 * Writes `request` (then `end()`s the socket when `halfClose`), and reads until the server
 * closes the connection or `timeoutMs` passes. Send `Connection: close` for a normal
 * request so the server ends it after the answer.
 */
export function sendRaw(port: number, request: string | Buffer, opts: { timeoutMs?: number; halfClose?: boolean } = {}): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    let closed = false;
    const timer = setTimeout(() => finish(), opts.timeoutMs ?? 3000);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      const headEnd = text.indexOf('\r\n\r\n');
      if (headEnd === -1) return reject(new Error(`no HTTP answer within the time (closed: ${closed}, got ${JSON.stringify(text.slice(0, 200))})`));
      const [statusLine, ...lines] = text.slice(0, headEnd).split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      let body = text.slice(headEnd + 4);
      if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body, closed, ms: performance.now() - started });
    };
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => undefined); // a reset after the answer is an answer too
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.write(request, () => {
      if (opts.halfClose) socket.end();
    });
  });
}

function unchunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    if (nl === -1) return out;
    const size = parseInt(rest.slice(0, nl), 16);
    if (!size) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}

/** A GET with the given Host, closing after the answer. */
export function rawGet(port: number, path: string, host = `127.0.0.1:${port}`, extra = ''): Promise<RawResponse> {
  return sendRaw(port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`);
}
