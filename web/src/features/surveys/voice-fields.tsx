import type { Tone, Voice, VoicemailAction } from '../../api/types';

/** The API's tones, voices and voicemail actions with their names on the page; the compiler insists on every value. */
const tones = { friendly: 'Friendly', professional: 'Professional', casual: 'Casual' } satisfies Record<Tone, string>;
const voices = {
  alloy: 'Alloy',
  ash: 'Ash',
  ballad: 'Ballad',
  coral: 'Coral',
  echo: 'Echo',
  fable: 'Fable',
  nova: 'Nova',
  onyx: 'Onyx',
  sage: 'Sage',
  shimmer: 'Shimmer',
  verse: 'Verse',
} satisfies Record<Voice, string>;
const voicemailActions = { leave_message: 'Leave a short message', hang_up: 'Hang up' } satisfies Record<VoicemailAction, string>;

const entries = <K extends string>(names: Record<K, string>) => Object.entries(names) as [K, string][];

export const isVoice = (name: string): name is Voice => name in voices;

/** How the agent sounds and what it does at a voicemail greeting, as the API's create and patch bodies name them. */
export interface VoiceSettingsValue {
  voice_agent_tone: Tone;
  voice_agent_voice: Voice;
  voice_agent_instructions: string;
  voicemail_action: VoicemailAction;
}

/** The API's own defaults for a new survey. */
export const defaultVoiceSettings: VoiceSettingsValue = { voice_agent_tone: 'friendly', voice_agent_voice: 'alloy', voice_agent_instructions: '', voicemail_action: 'leave_message' };

/** Tone, voice, instructions and voicemail action: the same labelled controls on the new-survey and survey pages. */
export function VoiceFields({ value, onChange }: { value: VoiceSettingsValue; onChange: (change: Partial<VoiceSettingsValue>) => void }) {
  return (
    <>
      <label htmlFor="voice-tone">Voice tone</label>
      <select id="voice-tone" value={value.voice_agent_tone} onChange={(e) => onChange({ voice_agent_tone: e.target.value as Tone })}>
        {entries(tones).map(([tone, name]) => (
          <option key={tone} value={tone}>{name}</option>
        ))}
      </select>
      <label htmlFor="voice-voice">Voice</label>
      <select id="voice-voice" value={value.voice_agent_voice} onChange={(e) => onChange({ voice_agent_voice: e.target.value as Voice })}>
        {entries(voices).map(([voice, name]) => (
          <option key={voice} value={voice}>{name}</option>
        ))}
      </select>
      <label htmlFor="voice-instructions">Instructions for the voice agent</label>
      <textarea id="voice-instructions" maxLength={5000} value={value.voice_agent_instructions} onChange={(e) => onChange({ voice_agent_instructions: e.target.value })} />
      <label htmlFor="voice-voicemail">When a voicemail greeting answers</label>
      <select id="voice-voicemail" value={value.voicemail_action} onChange={(e) => onChange({ voicemail_action: e.target.value as VoicemailAction })}>
        {entries(voicemailActions).map(([action, name]) => (
          <option key={action} value={action}>{name}</option>
        ))}
      </select>
    </>
  );
}
