// Sends raw bytes to a server on 127.0.0.1 and returns its whole answer, for requests fetch refuses to make
// (a malformed Host, TRACE). Send `Connection: close` so the server ends the connection.
import { connect } from 'node:net';

export function rawRequest(origin: string, text: string): Promise<string> {
  const { port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (chunk) => {
      out += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}
