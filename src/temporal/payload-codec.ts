import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

const ProtoPayload = proto.temporal.api.common.v1.Payload;

/** One AES-256 key of the payload codec; the id travels in each payload's metadata so rotation needs no re-encryption. */
export interface PayloadKey {
  id: string;
  /** 32 bytes */
  key: Buffer;
}

export const ENCRYPTED_ENCODING = 'binary/encrypted';

/** A payload sealed with a key this process does not hold (dropped in a rotation, or another deployment's). */
export class PayloadKeyUnknownError extends Error {
  constructor(readonly keyId: string) {
    super(`payload encrypted with unknown key id "${keyId}" (add it to TEMPORAL_PAYLOAD_KEYS)`);
    this.name = 'PayloadKeyUnknownError';
  }
}
export const KEY_ID_METADATA = 'encryption-key-id';

/**
 * The dev and test key: fixed (not random per process) because `npm run dev` keeps histories in
 * DATA_DIR/temporal.db across restarts. Public by construction, so production refuses to start without
 * TEMPORAL_PAYLOAD_KEYS (src/config.ts).
 */
export const devPayloadKey: PayloadKey = {
  id: 'dev-insecure',
  key: createHash('sha256').update('survey-dialer development payload key (not a secret)').digest(),
};

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * Encrypts every payload (workflow inputs, results, signals, updates, queries, activity arguments)
 * with AES-256-GCM under the first key; decrypts with whichever key the payload names. Payloads that
 * were never encrypted (histories recorded before the codec) pass through decode untouched.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: PayloadKey;

  constructor(keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('the payload codec needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`payload key ${k.id} must be 32 bytes`);
    this.current = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const plain = ProtoPayload.encode(payload).finish();
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, nonce);
      // the key id is authenticated, so a payload cannot be relabelled to another key
      cipher.setAAD(utf8(this.current.id));
      const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(this.current.id) },
        data: new Uint8Array(sealed),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding;
      if (!encoding || Buffer.from(encoding).toString('utf8') !== ENCRYPTED_ENCODING) return payload;
      const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
      const keyId = keyIdBytes ? Buffer.from(keyIdBytes).toString('utf8') : '';
      const key = this.byId.get(keyId);
      if (!key) throw new PayloadKeyUnknownError(keyId);
      const sealed = Buffer.from(payload.data ?? new Uint8Array());
      if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new Error('encrypted payload is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
      decipher.setAAD(utf8(keyId));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      return ProtoPayload.decode(plain) as Payload;
    });
  }
}

/** `id:base64key,id:base64key` (first one encrypts); throws naming the bad entry. */
export function parsePayloadKeys(raw: string): PayloadKey[] {
  const keys = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const colon = entry.indexOf(':');
      const id = colon > 0 ? entry.slice(0, colon) : '';
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new Error(`entry ${index + 1}: expected id:base64key with an id of letters, digits, _ . -`);
      const key = Buffer.from(entry.slice(colon + 1), 'base64');
      if (key.length !== 32) throw new Error(`key ${id}: must be base64 of exactly 32 bytes`);
      return { id, key };
    });
  if (keys.length === 0) throw new Error('no keys');
  const ids = keys.map((k) => k.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) throw new Error(`key id ${repeated} appears twice`);
  return keys;
}
