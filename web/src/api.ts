/** Thin client of the Gongpei API. Errors surface the server's JSON message. */

export interface ApiError extends Error {
  status: number;
  code: string;
  field?: string;
}

const TOKEN_KEY = 'gongpei.token';
export function getToken(): string {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}
export function setToken(token: string): void {
  try {
    localStorage.setItem(TOKEN_KEY, token);
  } catch {
    /* ignore */
  }
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = getToken();
  // On reads too: with carrier tokens configured every read needs a token (carrier isolation, docs/security.md).
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const e = new Error(data?.error?.message ?? `${res.status} ${res.statusText}`) as ApiError;
    e.status = res.status;
    e.code = data?.error?.code ?? 'http';
    e.field = data?.error?.field;
    throw e;
  }
  return data as T;
}

export const api = {
  get: <T>(url: string) => request<T>('GET', url),
  post: <T>(url: string, body: unknown) => request<T>('POST', url, body),
  del: <T>(url: string) => request<T>('DELETE', url),
};

export interface JobView {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: number;
  bestCost?: number;
  planId?: string;
  result?: unknown;
  error?: string;
}

/**
 * Follows a job over Server-Sent Events until it ends; falls back to polling if the stream breaks.
 * Resolves with the final job view.
 */
export function followJob(jobId: string, onUpdate: (job: JobView) => void): Promise<JobView> {
  return new Promise((resolve) => {
    let finished = false;
    const finish = (job: JobView) => {
      if (finished) return;
      finished = true;
      source.close();
      onUpdate(job);
      resolve(job);
    };
    const source = new EventSource(`/api/jobs/${encodeURIComponent(jobId)}/events`);
    const handle = (ev: MessageEvent) => {
      const job = JSON.parse(ev.data) as JobView;
      if (job.status === 'done' || job.status === 'failed' || job.status === 'cancelled') finish(job);
      else onUpdate(job);
    };
    for (const type of ['status', 'progress', 'done', 'failed', 'cancelled'])
      source.addEventListener(type, handle as EventListener);
    source.onerror = () => {
      if (finished) return;
      source.close();
      const poll = async () => {
        while (!finished) {
          try {
            const job = await api.get<JobView>(`/api/jobs/${encodeURIComponent(jobId)}`);
            if (job.status === 'done' || job.status === 'failed' || job.status === 'cancelled') return finish(job);
            onUpdate(job);
          } catch {
            /* retry */
          }
          await new Promise((r) => setTimeout(r, 700));
        }
      };
      void poll();
    };
  });
}
