/** Shared bits of the operations tabs: the working date, file uploads with the API token, number cells. */
import { getToken } from '../api.ts';
import { getLang } from '../i18n.ts';
import { esc } from '../state.ts';

export const opsState = {
  /** Date the operator works on (YYYY-MM-DD); defaults to today. */
  date: new Date().toISOString().slice(0, 10),
  lastPlanId: '',
};

/** POST a file as multipart field "file"; resolves with the JSON answer or throws the server's message. */
export async function uploadFile<T>(url: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = {};
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(withLang(url), { method: 'POST', body: form, headers });
  const data = await res.json();
  if (!res.ok) throw new Error(data?.error?.message ?? `${res.status}`);
  return data as T;
}

/** ?lang= for server documents and messages, following the UI language. */
export const langQuery = () => `lang=${getLang()}`;
export const withLang = (url: string) => `${url}${url.includes('?') ? '&' : '?'}${langQuery()}`;

export const errorBox = (message: string) => `<pre class="error-box" data-testid="ops-error">${esc(message)}</pre>`;
