import { Room, RoomEvent } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import type { EmulatedDial } from './livekit-sip-proxy.ts';

/** What the scripted person does after the agent's line: says something, says nothing (null), or hangs up. */
export type TextScript = (agentLine: string) => string | null | { hangUp: true };

export interface TextRespondent {
  identity: string;
  /** both sides, in order, as this participant saw them */
  transcript: { role: 'agent' | 'user'; text: string }[];
  /** settles when this participant has left the room (the agent deleted it, or it hung up) */
  left: Promise<void>;
  hangUp(): Promise<void>;
}

/**
 * The far end of a call, in text: a participant that joins the real room with @livekit/rtc-node under
 * the callee's identity, reads the agent's lines from the framework's `lk.transcription` text streams
 * and answers on `lk.chat`, the topics the agents framework's RoomIO uses for text output and input.
 */
export async function joinAsTextRespondent(server: { wsUrl: string; apiKey: string; apiSecret: string }, dial: EmulatedDial, script: TextScript): Promise<TextRespondent> {
  const token = new AccessToken(server.apiKey, server.apiSecret, { identity: dial.identity, name: dial.name, attributes: dial.attributes, ttl: '10m' });
  token.addGrant({ roomJoin: true, room: dial.roomName, canPublish: false, canSubscribe: false, canPublishData: true });
  const room = new Room();
  const transcript: TextRespondent['transcript'] = [];
  let replies = Promise.resolve();
  room.registerTextStreamHandler('lk.transcription', (reader, from) => {
    // the agent also mirrors the user's own words on this topic, sent on the user's behalf
    if (from.identity === dial.identity || reader.info.attributes?.['lk.transcribed_track_id']) return;
    replies = replies.then(async () => {
      const line = (await reader.readAll()).trim();
      if (!line) return;
      transcript.push({ role: 'agent', text: line });
      const reply = script(line);
      if (reply === null || !room.isConnected) return;
      if (typeof reply === 'object') return room.disconnect();
      transcript.push({ role: 'user', text: reply });
      await room.localParticipant!.sendText(reply, { topic: 'lk.chat' });
    }).catch((error) => console.error('respondent failed to answer', error));
  });
  // the agent session's own protocol (lk.agent.session) is not for a caller: taken and dropped
  room.registerByteStreamHandler('lk.agent.session', () => {});
  const left = new Promise<void>((resolve) => room.once(RoomEvent.Disconnected, () => resolve()));
  await room.connect(server.wsUrl, await token.toJwt(), { autoSubscribe: false, dynacast: false });
  return {
    identity: dial.identity,
    transcript,
    left,
    hangUp: () => room.disconnect(),
  };
}
