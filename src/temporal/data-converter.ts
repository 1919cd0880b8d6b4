import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, type PayloadKey } from './payload-codec.ts';

/**
 * The one data converter of every Temporal client and worker the service builds: default JSON
 * payloads, then encrypted, so histories hold no personal data in the clear. Codecs run outside the
 * workflow sandbox, so the workflow bundle is unchanged.
 */
export function createDataConverter(keys: readonly PayloadKey[]): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys)] };
}
