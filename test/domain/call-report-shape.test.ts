import { describe, expect, it } from 'vitest';
import { callReportSchema } from '../../src/domain/call-report.ts';
import { readCallReport } from '../../src/domain/call-report-shape.ts';

const full = {
  call_id: 'call-1',
  outcome: 'completed',
  answers: [{ question_id: 'q1', raw_answer: 'yes', mapped_value: true, confidence: 0.9, method: 'deterministic' }],
  transcript: [{ role: 'agent', text: 'Hello' }, { role: 'participant', text: 'yes' }],
  duration_seconds: 42.5,
  sip_status: 200,
  error: null,
  callback_at: '2026-12-05T10:00:00Z',
};

describe('the contact workflow\'s check of a callCompleted payload', () => {
  it('reads what the full schema accepts as the full schema reads it, defaults and bounds included', () => {
    const schema = callReportSchema;
    const atBounds = {
      call_id: 'c',
      outcome: 'failed',
      answers: Array.from({ length: 500 }, () => ({ question_id: 'q'.repeat(200), raw_answer: 'a'.repeat(10_000), confidence: 1 })),
      transcript: [{ role: 'participant', text: 't'.repeat(10_000) }],
      duration_seconds: 24 * 3600,
      sip_status: 699,
      error: 'e'.repeat(2_000),
      callback_at: '2026-12-05T10:00:00.123+05:30',
    };
    for (const payload of [full, atBounds, { call_id: 'c', outcome: 'no_answer' }, { call_id: 'c', outcome: 'callback_requested', callback_at: null }]) {
      expect(readCallReport(payload)).toEqual({ report: schema.parse(payload) });
      // what reportCallCompleted sends (the parsed report) reads back unchanged
      expect(readCallReport(schema.parse(payload))).toEqual({ report: schema.parse(payload) });
    }
  });

  it('refuses, with the field at fault, what the workflow could not act on', () => {
    const payloads: unknown[] = [
      null,
      'completed',
      [],
      { outcome: 'completed' },
      { call_id: '', outcome: 'completed' },
      { call_id: 'c', outcome: 'exploded' },
      { call_id: 'c', outcome: 'completed', answers: 'yes' },
      { call_id: 'c', outcome: 'completed', answers: [{ question_id: 'q1' }] },
      { call_id: 'c', outcome: 'completed', answers: [{ question_id: 'q1', raw_answer: 'x', method: 'guess' }] },
      { call_id: 'c', outcome: 'completed', answers: [{ question_id: 'q1', raw_answer: 'x', confidence: 3 }] },
      { call_id: 'c', outcome: 'completed', transcript: [{ role: 'robot', text: 'x' }] },
      { call_id: 'c', outcome: 'completed', duration_seconds: -1 },
      { call_id: 'c', outcome: 'completed', duration_seconds: '42' },
      { call_id: 'c', outcome: 'completed', sip_status: 200.5 },
      { call_id: 'c', outcome: 'completed', error: 42 },
      { call_id: 'c', outcome: 'callback_requested', callback_at: 'tomorrow-ish' },
      // the schema's bounds, and no date whose meaning depends on the worker's time zone
      { call_id: 'c', outcome: 'completed', answers: Array.from({ length: 501 }, () => ({ question_id: 'q', raw_answer: null })) },
      { call_id: 'c', outcome: 'completed', transcript: [{ role: 'agent', text: 'x'.repeat(10_001) }] },
      { call_id: 'c', outcome: 'completed', duration_seconds: 24 * 3600 + 1 },
      { call_id: 'c', outcome: 'failed', sip_status: 99 },
      { call_id: 'c', outcome: 'failed', error: 'x'.repeat(2_001) },
      { call_id: 'c', outcome: 'callback_requested', callback_at: '2026-12-05 10:00' },
      { call_id: 'c', outcome: 'callback_requested', callback_at: '2026-12-05T10:00:00' },
    ];
    const problems = payloads.map((payload) => readCallReport(payload));
    for (const result of problems) expect(result).toEqual({ problem: expect.any(String) });
    for (const payload of payloads) expect(callReportSchema.safeParse(payload).success, JSON.stringify(payload).slice(0, 80)).toBe(false);
    expect(problems.map((p) => ('problem' in p ? p.problem.split(':')[0] : 'accepted')).slice(3)).toEqual([
      'call_id', 'call_id', 'outcome', 'answers', 'answers', 'answers', 'answers', 'transcript', 'duration_seconds', 'duration_seconds', 'sip_status', 'error', 'callback_at',
      'answers', 'transcript', 'duration_seconds', 'sip_status', 'error', 'callback_at', 'callback_at',
    ]);

  });
});
