import type { WebSocket } from 'ws';

/**
 * WebSocket text frames built once and written to many consoles. A server's frames are
 * not masked (RFC 6455 §5.1), so the bytes of one message are the same on every socket:
 * a batch of events one audience may see is framed once, as one buffer, and each console
 * of that audience gets it in one write (one system call), not one `send` per event.
 */

/** One unmasked, final text frame holding `payload` (RFC 6455 §5.2). */
export function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const head = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + length);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (length < 126) frame[1] = length;
  else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, head);
  return frame;
}

interface RawSocket { write(data: Buffer): boolean; destroyed: boolean }

/**
 * The connection under a `ws` socket when prepared frames may be written to it directly:
 * no extension was negotiated (permessage-deflate would have to compress each message), and
 * `ws` writes each message of its own (pings, the close frame) at once, never queueing one
 * behind another, so whole frames written here cannot interleave with its own. Undefined
 * otherwise: then each message goes through `ws`'s own `send`.
 */
function rawOf(socket: WebSocket): RawSocket | undefined {
  const inner = socket as unknown as { _socket?: RawSocket; _sender?: { _state?: number; _queue?: unknown[] } };
  if (socket.extensions !== '' || !inner._socket || typeof inner._socket.write !== 'function') return undefined;
  const sender = inner._sender;
  if (!sender || sender._state !== 0 || (sender._queue?.length ?? 0) > 0) return undefined;
  return inner._socket;
}

/**
 * Send these messages, framed together in `framed`, to one open console: one write when
 * the connection allows it, else one `send` per message (`texts`).
 */
export function sendFramed(socket: WebSocket, framed: Buffer, texts: readonly string[]): void {
  if (socket.readyState !== socket.OPEN) return;
  const raw = rawOf(socket);
  if (raw && !raw.destroyed) raw.write(framed);
  else for (const text of texts) socket.send(text);
}
