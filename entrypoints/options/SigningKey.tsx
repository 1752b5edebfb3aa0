import { useEffect, useState } from 'preact/hooks';
import { CopyButton, Fingerprint } from '../../components/Fingerprint';
import { getDb } from '../../lib/db/database';
import { getDeviceKey } from '../../lib/db/keys-repo';
import type { DeviceKeyRow } from '../../lib/db/types';

/** The device's public signing key and fingerprint, which auditors compare with bundles. */
export function SigningKey() {
  const [key, setKey] = useState<DeviceKeyRow>();
  const [error, setError] = useState('');
  useEffect(() => {
    getDeviceKey(getDb()).then(setKey, (e: Error) => setError(e.message));
  }, []);
  return (
    <section aria-labelledby="key-heading">
      <h2 id="key-heading">Signing key</h2>
      <p class="muted">
        Every capture, deletion and catalog import is an entry in a signed, append-only ledger. The private
        key never leaves this browser and cannot be exported; bundles carry the public key below.
      </p>
      {error && <p class="error">{error}</p>}
      {key && (
        <dl class="key">
          <dt>Fingerprint (RFC 7638, SHA-256)</dt>
          <dd class="key-fingerprint">
            <Fingerprint value={key.fingerprint} testId="key-fingerprint" />{' '}
            <CopyButton text={key.fingerprint} label="Copy this device's fingerprint" />
          </dd>
          <dd class="muted key-note">
            Give it to your compliance team and auditors yourself (in person, by phone, or in Settings →
            Trusted signers → Export): a fingerprint read from a bundle proves nothing about who made it.
          </dd>
          <dt>Public key (JWK)</dt>
          <dd>
            <pre class="mono">{JSON.stringify(key.publicJwk, null, 2)}</pre>
          </dd>
          <dt>Created</dt>
          <dd>{key.createdAt}</dd>
        </dl>
      )}
    </section>
  );
}
