import net from 'node:net';

/**
 * One client connection that keeps its TCP socket across polls, as pooled clients and proxies do, and only
 * learns that the server closed it when the next poll fails. No HTTP library in between, so nothing quietly
 * retries a lost request on a fresh socket.
 */
export class KeepAlivePoller {
  #socket?: net.Socket;
  constructor(
    private readonly port: number,
    private readonly headers: Record<string, string>,
  ) {}

  /** Resolves the status of a full response, or the reason it never came (closed, reset, timeout). */
  get(path: string, timeoutMs = 10_000): Promise<{ status: number } | { lost: string }> {
    const socket = (this.#socket ??= net.connect(this.port, '127.0.0.1'));
    return new Promise((resolve) => {
      let buffered = Buffer.alloc(0);
      const finish = (outcome: { status: number } | { lost: string }) => {
        clearTimeout(timer);
        socket.off('data', onData).off('close', onClose).off('error', onError);
        if ('lost' in outcome) this.close();
        resolve(outcome);
      };
      const onData = (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        const headEnd = buffered.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = buffered.subarray(0, headEnd).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length >= headEnd + 4 + length) finish({ status: Number(head.split(' ')[1]) });
      };
      const onClose = () => finish({ lost: 'closed by the server' });
      const onError = (error: NodeJS.ErrnoException) => finish({ lost: error.code ?? error.message });
      const timer = setTimeout(() => finish({ lost: 'no answer in time' }), timeoutMs);
      socket.on('data', onData).on('close', onClose).on('error', onError);
      const lines = [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(this.headers).map(([name, value]) => `${name}: ${value}`)];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  }

  close(): void {
    this.#socket?.destroy();
    this.#socket = undefined;
  }
}
