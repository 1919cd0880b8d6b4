import type { RecordingProvider } from '../ports.ts';

/**
 * Simulated calls have no audio, so they have no recordings: a survey that records shows none for its
 * simulated calls (GET /calls/{id}/recording answers 404).
 */
export class NoRecordings implements RecordingProvider {
  readonly name = 'none';
  async setTrunkRecording(): Promise<void> {}
  async findRecording(): Promise<null> {
    return null;
  }
  async fetchMedia(recordingSid: string): Promise<never> {
    throw new Error(`recording ${recordingSid} does not exist: simulated calls are not recorded`);
  }
  async deleteRecording(): Promise<void> {}
}
