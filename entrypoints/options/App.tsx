import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { IdentityForm } from '../../components/IdentityForm';
import { getDb } from '../../lib/db/database';
import { getIdentity, setIdentity } from '../../lib/db/settings-repo';
import type { Identity } from '../../lib/db/types';
import { CaptureSettingsForm } from './CaptureSettings';
import { CatalogSettings } from './CatalogSettings';
import { SigningKey } from './SigningKey';
import { TeamStoreSettings } from './TeamStoreSettings';
import { TrustedSigners } from './TrustedSigners';
import { TsaSettingsForm } from './TsaSettingsForm';
import { UrlRulesSettings } from './UrlRulesSettings';

/** Settings: who captures, and which control catalogs are available. */
export function App() {
  const db = getDb();
  const [identity, setId] = useState<Identity | null>();
  useEffect(() => {
    void getIdentity(db).then((i) => setId(i ?? null));
  }, []);
  return (
    <div class="options">
      <header class="opt-head">
        <h1>ProofTrail settings</h1>
        <nav aria-label="ProofTrail pages">
          <a href={browser.runtime.getURL('/library.html')}>Evidence library</a>
        </nav>
      </header>
      <main>
        <section aria-labelledby="identity-heading">
          <h2 id="identity-heading">Capturer identity</h2>
          <p class="muted">Recorded in every capture and deletion.</p>
          {identity !== undefined && (
            <IdentityForm
              initial={identity ?? undefined}
              onSave={async (i) => setId(await setIdentity(db, i))}
            />
          )}
        </section>
        <SigningKey />
        <TrustedSigners identity={identity ?? undefined} />
        <TsaSettingsForm />
        <TeamStoreSettings />
        <CaptureSettingsForm />
        <UrlRulesSettings />
        <CatalogSettings />
      </main>
    </div>
  );
}
