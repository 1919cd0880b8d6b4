import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { Survey } from '../../api/types';
import { SaveButton } from '../../components/save-button';
import { defaultVoiceSettings, isVoice, VoiceFields, type VoiceSettingsValue } from './voice-fields';

/**
 * The survey's voice: tone, the agent's voice, instructions and the voicemail action, saved through
 * PATCH /surveys/{id} (allowed while a campaign runs: the next call uses them).
 */
export function VoiceSettings({ survey }: { survey: Survey }) {
  const queryClient = useQueryClient();
  // a survey saved before the API listed its voices may name one the agent lacks: its calls use alloy
  const unknownVoice = isVoice(survey.voice_agent_voice) ? null : survey.voice_agent_voice;
  const [value, setValue] = useState<VoiceSettingsValue>({
    voice_agent_tone: survey.voice_agent_tone,
    voice_agent_voice: isVoice(survey.voice_agent_voice) ? survey.voice_agent_voice : defaultVoiceSettings.voice_agent_voice,
    voice_agent_instructions: survey.voice_agent_instructions ?? '',
    voicemail_action: survey.voicemail_action,
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/surveys/{surveyId}', {
          params: { path: { surveyId: survey.id } },
          body: { ...value, voice_agent_instructions: value.voice_agent_instructions.trim() || null },
        }),
      ),
    onSuccess: (saved) => queryClient.setQueryData(['surveys', survey.id], saved),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card" aria-labelledby="voice-settings-title" onSubmit={submit}>
      <h2 id="voice-settings-title">Voice</h2>
      {unknownVoice && <p>The saved voice “{unknownVoice}” is not one the agent has; calls use Alloy until you choose one.</p>}
      <VoiceFields value={value} onChange={(change) => setValue((v) => ({ ...v, ...change }))} />
      <SaveButton label="Save voice settings" save={save} />
    </form>
  );
}
