import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec, devPayloadKey, ENCRYPTED_ENCODING, parsePayloadKeys } from '../../src/temporal/payload-codec.ts';
import { loadConfig } from '../../src/config.ts';

const key = (id: string) => ({ id, key: randomBytes(32) });
const contact = { name: 'Zebulon Quibble', phone: '+14155550123' };
const plain = () => defaultPayloadConverter.toPayload(contact);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

describe('the AES-256-GCM payload codec', () => {
  it('encrypts under the first key, names it in the metadata, and decodes back to the same payload', async () => {
    const codec = new AesGcmPayloadCodec([key('2026-11'), key('2026-05')]);
    const [sealed] = await codec.encode([plain()]);
    expect(text(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed!.metadata!['encryption-key-id'])).toBe('2026-11');
    expect(Buffer.from(sealed!.data!).includes(contact.phone)).toBe(false);
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(contact);
  });

  it('rotates: a codec whose list still holds the old key reads what the old key wrote', async () => {
    const old = key('old');
    const [sealed] = await new AesGcmPayloadCodec([old]).encode([plain()]);
    const rotated = new AesGcmPayloadCodec([key('new'), old]);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([sealed!]))[0]!)).toEqual(contact);
    const [resealed] = await rotated.encode([plain()]);
    expect(text(resealed!.metadata!['encryption-key-id'])).toBe('new');
  });

  it('passes payloads that were never encrypted through decode untouched (histories from before the codec)', async () => {
    const original = plain();
    const [decoded] = await new AesGcmPayloadCodec([devPayloadKey]).decode([original]);
    expect(decoded).toBe(original);
  });

  it('refuses an unknown key id, a relabelled key id and tampered ciphertext', async () => {
    const a = key('a');
    const [sealed] = await new AesGcmPayloadCodec([a]).encode([plain()]);
    await expect(new AesGcmPayloadCodec([key('b')]).decode([sealed!])).rejects.toThrow('unknown key id "a"');
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, 'encryption-key-id': new TextEncoder().encode('b') } };
    await expect(new AesGcmPayloadCodec([a, { id: 'b', key: a.key }]).decode([relabelled])).rejects.toThrow();
    const tampered = { ...sealed!, data: Uint8Array.from(sealed!.data!, (b, i) => (i === 20 ? b ^ 1 : b)) };
    await expect(new AesGcmPayloadCodec([a]).decode([tampered])).rejects.toThrow();
  });
});

describe('TEMPORAL_PAYLOAD_KEYS', () => {
  const k = () => randomBytes(32).toString('base64');

  it('parses id:base64key pairs in order', () => {
    expect(parsePayloadKeys(`new:${k()}, old:${k()}`).map((p) => p.id)).toEqual(['new', 'old']);
  });

  it.each([
    ['a key of the wrong length', `a:${randomBytes(16).toString('base64')}`, 'exactly 32 bytes'],
    ['a missing id', `:${'x'.repeat(44)}`, 'expected id:base64key'],
    ['a repeated id', `a:${randomBytes(32).toString('base64')},a:${randomBytes(32).toString('base64')}`, 'appears twice'],
  ])('names %s', (_, raw, message) => {
    expect(() => parsePayloadKeys(raw)).toThrow(message);
  });

  it('is required in production; dev and test use the fixed, public dev key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) })).toThrow('TEMPORAL_PAYLOAD_KEYS: required');
    expect(loadConfig({ NODE_ENV: 'test' }).temporal.payloadKeys).toEqual([devPayloadKey]);
    const configured = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32), TEMPORAL_PAYLOAD_KEYS: `prod-1:${k()}` });
    expect(configured.temporal.payloadKeys.map((p) => p.id)).toEqual(['prod-1']);
  });
});
