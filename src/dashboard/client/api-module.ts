import type { ApiFailure, Dash } from './dash';

/**
 * The /v1 client: the key lives in sessionStorage (this tab only, gone when it closes) and leaves the page only in
 * the Authorization header, never in a URL, so it cannot end up in logs, history or a Referer.
 */
export function apiModule(D: Dash): void {
  const STORAGE_KEY = 'scrapio.dashboard.apiKey';

  D.key = () => sessionStorage.getItem(STORAGE_KEY);
  D.setKey = (key) => sessionStorage.setItem(STORAGE_KEY, key);
  D.clearKey = () => sessionStorage.removeItem(STORAGE_KEY);

  const failure = (status: number, code: string, message: string): ApiFailure => Object.assign(new Error(message), { status, code });

  const send = async (method: string, path: string, body: unknown, signal?: AbortSignal): Promise<Response> => {
    const headers: Record<string, string> = { Authorization: 'Bearer ' + (D.key() ?? '') };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: 'no-store' });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw failure(0, 'network_error', 'The server could not be reached: ' + String((error as Error).message ?? error));
    }
    if (response.ok) return response;
    let code = 'http_' + response.status;
    let message = response.statusText;
    try {
      const envelope = (await response.json()) as { error?: { code?: string; message?: string } };
      code = envelope.error?.code ?? code;
      message = envelope.error?.message ?? message;
    } catch {
      // not the v1 envelope: keep the HTTP status
    }
    const error = failure(response.status, code, message);
    if (response.status === 401) D.loggedOut(error);
    throw error;
  };

  D.call = async <T>(method: string, path: string, body?: unknown) => (await (await send(method, path, body)).json()) as T;

  D.events = async (jobId, onEvent, signal) => {
    const response = await send('GET', '/v1/jobs/' + encodeURIComponent(jobId) + '/events', undefined, signal);
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        // An event ends at a blank line; a comment line (": keep-alive") carries nothing.
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (data.length > 0) onEvent(event, JSON.parse(data.join('\n')));
        }
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    } finally {
      reader.releaseLock();
    }
  };
}
