/** One server-sent event as a browser's EventSource would see it (comments kept for tests). */
export interface SseEvent {
  event?: string;
  id?: string;
  data?: string;
  comment?: string;
}

/** Reads an SSE response body event by event; every wait is bounded. */
export function sseReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pending: SseEvent[] = [];

  const parseBlock = (block: string): SseEvent => {
    const event: SseEvent = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) event.comment = (event.comment ? `${event.comment}\n` : '') + line.slice(1).trim();
      const match = /^(event|id|data): ?(.*)$/.exec(line);
      if (match) event[match[1] as 'event' | 'id' | 'data'] = match[2];
    }
    return event;
  };

  return {
    async next(timeoutMs = 15_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      while (pending.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no server-sent event within ${timeoutMs} ms`);
        let timer: NodeJS.Timeout | undefined;
        const chunk = await Promise.race([reader.read(), new Promise<null>((r) => (timer = setTimeout(() => r(null), left)))]);
        clearTimeout(timer);
        if (chunk === null) continue;
        if (chunk.done) throw new Error('the event stream ended');
        buffer += chunk.value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          pending.push(parseBlock(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
        }
      }
      return pending.shift()!;
    },
    /** The next `status` event's id and parsed body, skipping comments. */
    async nextStatus(timeoutMs = 15_000): Promise<{ id: string; status: { status: string; completion_percentage: number; completed_calls: number } }> {
      for (;;) {
        const event = await this.next(timeoutMs);
        if (event.event === 'status') return { id: event.id!, status: JSON.parse(event.data!) };
      }
    },
    close: () => reader.cancel().catch(() => undefined),
  };
}
