import { createHash } from 'node:crypto';
import type { CampaignStatus } from '../../workflows/messages.ts';

/** Reads one campaign's status: the workflow query, or the stored counts when it cannot answer in time. */
export type StatusReader = (campaignId: string, ownerId: string) => Promise<CampaignStatus>;

export interface StatusSnapshot {
  /** A digest of the status: the SSE event id, so a client resuming with the state it has gets nothing new. */
  id: string;
  status: CampaignStatus;
}

type Listener = (snapshot: StatusSnapshot) => void;

interface Channel {
  ownerId: string;
  latest: StatusSnapshot | null;
  latestJson: string;
  listeners: Set<Listener>;
  timer: NodeJS.Timeout | null;
  reading: boolean;
}

const finished = new Set<CampaignStatus['status']>(['completed', 'failed', 'cancelled']);

/**
 * One status poller per watched campaign, however many browsers watch it: the first watcher starts
 * it, the last one to leave stops it. Each interval runs at most one read (a read still in flight
 * when the next tick comes skips that tick), and watchers hear a snapshot only when it changed.
 * Polling stops once the campaign has finished (nothing changes after that).
 */
export function createCampaignStatusHub(read: StatusReader, options: { intervalMs?: number } = {}) {
  const intervalMs = options.intervalMs ?? 500;
  const channels = new Map<string, Channel>();

  const stop = (channel: Channel) => {
    if (channel.timer) clearInterval(channel.timer);
    channel.timer = null;
  };

  const tick = async (campaignId: string, channel: Channel) => {
    if (channel.reading) return;
    channel.reading = true;
    try {
      const status = await read(campaignId, channel.ownerId);
      const json = JSON.stringify(status);
      if (json !== channel.latestJson) {
        channel.latestJson = json;
        channel.latest = { id: createHash('sha256').update(json).digest('base64url').slice(0, 16), status };
        for (const listener of channel.listeners) listener(channel.latest);
      }
      if (finished.has(status.status)) stop(channel);
    } catch {
      // the reader already falls back to stored counts; a database hiccup just skips this tick
    } finally {
      channel.reading = false;
    }
  };

  return {
    /**
     * Subscribes to a campaign the caller owns (checked before calling). The listener hears the
     * current snapshot at once if there is one, then every change. Returns the unsubscribe function.
     */
    watch(campaignId: string, ownerId: string, listener: Listener): { latest: StatusSnapshot | null; unsubscribe(): void } {
      let channel = channels.get(campaignId);
      if (!channel) {
        channel = { ownerId, latest: null, latestJson: '', listeners: new Set(), timer: null, reading: false };
        channels.set(campaignId, channel);
        const created = channel;
        created.timer = setInterval(() => void tick(campaignId, created), intervalMs);
        void tick(campaignId, created);
      }
      channel.listeners.add(listener);
      const current = channel;
      return {
        latest: current.latest,
        unsubscribe() {
          current.listeners.delete(listener);
          if (current.listeners.size === 0) {
            stop(current);
            channels.delete(campaignId);
          }
        },
      };
    },
    /** Campaigns being polled now (for tests and metrics). */
    get watchedCampaigns() {
      return channels.size;
    },
    close() {
      for (const channel of channels.values()) stop(channel);
      channels.clear();
    },
  };
}

export type CampaignStatusHub = ReturnType<typeof createCampaignStatusHub>;
