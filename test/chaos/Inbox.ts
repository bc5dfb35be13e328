// What one customer's chat has shown them, in order, and a way to wait for a reply that
// answers their last message. Replies the customer has seen are consumed, so a late
// repeat of an earlier answer cannot pass for the answer to the next question.

export interface Delivery {
  at: number;
  text: string;
  /** button values (Telegram's callback data, the web chat's values) */
  buttons: string[];
  how: 'api' | 'passive' | 'response';
}

export class Inbox {
  readonly items: Delivery[] = [];
  private cursor = 0;
  private wake?: () => void;

  push(d: Delivery): void {
    this.items.push(d);
    this.wake?.();
  }

  /** The first unseen reply matching `expect` (its text or a button), waiting up to timeoutMs; everything up to now counts as seen. */
  async waitFor(expect: RegExp, timeoutMs: number): Promise<Delivery | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.items.slice(this.cursor).find((d) => expect.test(d.text) || d.buttons.some((b) => expect.test(b)));
      if (found) {
        this.cursor = this.items.length;
        return found;
      }
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** The latest button offered whose value matches, for a press. */
  lastButton(like: RegExp): string | undefined {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const b = this.items[i].buttons.find((v) => like.test(v));
      if (b) return b;
    }
    return undefined;
  }
}
