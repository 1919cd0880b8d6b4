import { normalize } from '../answers/normalize.ts';

/** What a person said that is about the call rather than the question. */
export type Intent = 'opt_out' | 'callback' | 'voicemail' | 'decline' | 'repeat' | 'who_is_this' | 'skip' | null;

const patterns: [Exclude<Intent, null>, RegExp][] = [
  ['opt_out', /\b(stop calling|dont call|do not call|never call|remove (me|my number)|take me off|unsubscribe|put me on (the|your) do not call)\b/],
  ['voicemail', /\b(leave (a|your) message|after the (tone|beep)|you have reached|youve reached|not available right now|voicemail|mailbox)\b/],
  ['callback', /\b(not a good time|bad time|call (me )?(back|later|tomorrow|another time|again)|busy right now|in a meeting|driving right now|try (me )?(again )?(later|tomorrow))\b/],
  ['decline', /^(no thanks|no thank you|not interested|im not interested|no im good|no|nope|nah|i dont want to|id rather not)( thanks| thank you)?$/],
  ['repeat', /\b(repeat (that|the question)|say that again|what was the question|come again|pardon|sorry what|what did you say)\b/],
  ['who_is_this', /\b(who is (this|calling)|whos (this|calling)|why are you calling|what is this (about|for)|how did you get my number)\b/],
  ['skip', /\b(skip( it| that| this)?|pass|rather not (say|answer)|prefer not to (say|answer)|next question)\b/],
];

export function detectIntent(utterance: string): Intent {
  const text = normalize(utterance);
  for (const [intent, pattern] of patterns) if (pattern.test(text)) return intent;
  return null;
}
