// Drives the web chat API of a test app the way the page does.
import type { TestApp } from './testApp.js';

export interface Reply {
  text: string;
  buttons?: { label: string; value: string }[];
  card?: { title: string; fields?: { label: string; value: string }[] };
}

export function webChat(h: TestApp, sessionId: string, role: 'customer' | 'staff' = 'customer', staffId?: string) {
  const post = async (body: Record<string, unknown>): Promise<Reply[]> => {
    const res = await h.app.http.inject({ method: 'POST', url: '/api/chat', payload: { sessionId, role, staffId, ...body } });
    if (res.statusCode !== 200) throw new Error(`POST /api/chat ${res.statusCode}: ${res.body}`);
    return res.json().replies;
  };
  return {
    say: (text: string) => post({ text }),
    press: (action: string) => post({ action }),
    /** The whole transcript as the page would show it after a reload. */
    async history(): Promise<{ id: number; from: string; text: string; buttons?: Reply['buttons'] }[]> {
      const q = new URLSearchParams({ sessionId, role, ...(staffId ? { staffId } : {}) });
      return (await h.app.http.inject({ url: `/api/chat/history?${q}` })).json().messages;
    },
  };
}

export const allText = (replies: Reply[]) => replies.map((r) => r.text).join('\n');
export const buttonValues = (replies: Reply[]) => replies.flatMap((r) => r.buttons ?? []).map((b) => b.value);
