import { VERIFIER_PACKAGE as PACKAGE, RELEASE_VERSION as version } from './verifier-package';

/** A fingerprint as Settings shows it: groups of four characters. */
const grouped = (fingerprint: string) => fingerprint.match(/.{1,4}/g)?.join(' ') ?? fingerprint;

/** The plain-text guide inside every bundle: how to check it with our tool or with stock tools. */
export function auditorReadme(o: {
  fileName: string;
  entries: number;
  stamped: number;
  fingerprint?: string;
  /** Signed ledgers in the bundle: this exporter's and any teammates'. */
  signers?: number;
  /** Where capture files are; only a write-once bundle (format 8) adds a paragraph. */
  layout?: 'per-control' | 'write-once';
}): string {
  const teammates = (o.signers ?? 1) - 1;
  return `ProofTrail evidence bundle — how to check it
============================================

1. With ProofTrail's verifier (Node 20+, no account, no extension needed):

     npx ${PACKAGE} verify ${o.fileName} --signers signers.json --require-timestamps

   ${PACKAGE} is version ${version} of the package "prooftrail" on the public npm registry
   (https://www.npmjs.com/package/prooftrail), the release of ProofTrail that wrote this bundle;
   npx downloads it from registry.npmjs.org the first time and checks the download against the
   integrity hash the registry publishes. Keep the "@${version}": without it npx would run
   whatever version is newest, or one already installed. The package's source repository and the
   integrity of each version are shown by "npm view ${PACKAGE} repository dist.integrity".

   signers.json is the trusted signers file your contact's compliance staff export from
   ProofTrail (Settings, Trusted signers, "Export trusted signers…") and hand you themselves
   (see 2). Instead of a file you can give each expected fingerprint: --signer FINGERPRINT,
   repeated. --require-timestamps fails any capture, deletion or import that no trusted
   Time-Stamp Authority (TSA) has stamped; add --tsa-ca ROOT.pem for a TSA whose root is not
   among the public roots the verifier trusts by default (Mozilla's CA list, as
   Node ships it).

   It checks that the last entry of the signed ledger (ledger.jsonl) signs this manifest, that
   manifest.json lists every other file with its SHA-256, that nothing was added or removed,
   that every capture and deletion is the one its ledger entry signed and that none in scope is
   missing, every ledger signature and RFC 3161 timestamp, and that every signing key is one you
   expect. It prints one OK line, or one FAIL line per problem naming the file. Ledger entries
   name no controls, so that this bundle reveals nothing of evidence outside its scope: when the
   scope picks controls, a NOTE line says how many entries of its period were left out on the
   exporter's signed word that they belong to other controls (docs/trust-model.md).

   Or open verify.html in a browser, offline: paste the fingerprints or choose the signers file,
   choose your TSA's root certificate if it is not a public one (verify.html trusts the same
   default roots as the command above), tick "Require timestamps", and choose the ZIP or the
   unzipped folder. It runs the same checks and shows the same lines. The verify.html inside this
   bundle is only as trustworthy as the bundle: whoever could change the evidence could change
   the page to say OK. Take the page from the package instead:

     npx ${PACKAGE} verify-page --out verify.html

   which writes the verifier page of release ${version} (the same page this release puts into
   every bundle) and prints its SHA-256.

2. Who signed: get the fingerprint out of band.

   This bundle says it was signed by the key with fingerprint
     ${o.fingerprint ? grouped(o.fingerprint) : '(none: this bundle has no ledger)'}
   That alone proves nothing: anyone can make a key, invent captures and sign them, and such a
   bundle checks out perfectly. What ties the key to a person is hearing the fingerprint from
   them, or from their compliance staff, through a channel that did not bring you this bundle.
   The exporter reads it in ProofTrail, Settings, "Signing key" (43 characters in groups of four,
   with a Copy button), and tells you in person, by phone or in a message you trust; compliance
   staff export all their signers as the signers file above. Never take it from this bundle, or
   from the message that brought it. Without --signers or --signer the verifier says "signer not
   pinned" and prints the fingerprints for you to compare. Anyone who can use or copy the
   exporter's browser profile holds the key too. Only a TSA token proves when an entry existed;
   the times written in the records are the exporter's own clock.

3. By hand, with stock tools (unzip, sha256sum, jq, openssl), in the unzipped folder:

   a. Files: SHA256SUMS gives the SHA-256 of every other file manifest.json lists (each line
      must say OK):
        sha256sum -c SHA256SUMS
      SHA256SUMS is itself listed in manifest.json, and the export entry signs manifest.json
      (b), so check b as well: SHA256SUMS alone could have been rewritten with the files. The
      same check straight from the manifest:
        jq -r '.files[] | "\\(.sha256)  \\(.path)"' manifest.json | sha256sum -c
      Only SHA256SUMS (in the manifest, not in itself), manifest.json, ledger.jsonl, and
      ledger/NNNNNN.json and its .tsr files for the last ledger entry are not in SHA256SUMS (they
      are written after the files are listed, the last four after the export is signed); any
      other file not listed was added.

   b. The export is signed: the last line of ledger.jsonl is the "export" entry, and its
      artifacts.manifest is the SHA-256 of manifest.json:
        tail -n 1 ledger.jsonl | jq -r '.entry.type, .entry.artifacts.manifest'
        sha256sum manifest.json

   c. Ledger: each line of ledger.jsonl is one record {"entry":…,"hash":…,"signature":…} in RFC
      8785 canonical JSON. ledger/NNNNNN.json holds exactly the bytes of entry NNNNNN: its
      SHA-256 is that line's "hash" and the next entry's "prev":
        sha256sum ledger/000001.json
        sed -n 1p ledger.jsonl | jq -r .hash
      The signatures (ECDSA P-256 over those bytes, with public-key.json) need the verifier or a
      tool that reads JWK keys.

   d. Timestamps: ledger/NNNNNN.tsr is a TSA's signed RFC 3161 reply over the SHA-256 of
      ledger/NNNNNN.json (ledger/NNNNNN.2.tsr from a second TSA). For example:

        openssl ts -verify -data ledger/000001.json -in ledger/000001.tsr -CAfile TSA-ROOT.pem -untrusted tsa-chain.pem

      prints "Verification: OK" when the TSA vouches that the entry existed at the time the
      token states ("openssl ts -reply -in ledger/000001.tsr -text" shows that time).
      tsa-chain.pem holds the certificates the tokens carry; TSA-ROOT.pem is a root you obtained
      yourself.

The exporter's ledger in this bundle ends with the export entry that signs it (entry ${o.entries}, or later if evidence was captured during the export); ${o.stamped} entries carried a timestamp token when it was exported.
${
  teammates > 0
    ? `It also carries ${teammates} ledger(s) of teammates whose evidence was imported: each folder under
signers/ has the same layout (ledger.jsonl, ledger/, public-key.json) and is checked the same
way, with paths prefixed by that folder; their fingerprints must be in your signers file too.
`
    : ''
}${o.layout === 'write-once' ? WRITE_ONCE_NOTE : ''}
index.html is a readable report of the evidence (it runs no script and loads nothing from the
network); evidence.csv lists one row per capture and control; coverage.csv, when present, lists
each scheduled control's periods of the audit period with the IDs of this bundle's captures that
count for each (only this bundle's: every count can be checked); oscal/assessment-results.json is
the same evidence as OSCAL Assessment Results; schemas/manifest.schema.json describes
manifest.json. The format is documented in ProofTrail's docs/bundle-format.md, and what a
successful check proves in docs/trust-model.md.
`;
}

/** Write-once bundles (format 8): where a control's evidence is. */
const WRITE_ONCE_NOTE = `
Where a control's evidence is: this bundle is written with the write-once layout (format 8,
"layout": "write-once" in manifest.json). Each capture's files are in captures/ once, however
many controls it is tagged to: its image (.png), its signed record (.json), its page text (.txt)
and page snapshot (.mhtml from Chromium or Edge, .html from Firefox) when kept, and a preview
(.thumb.webp). Each control has a folder
controls/<control>/ holding only captures.csv: one row per capture filed under that control,
with the path of its record and image under captures/ and their SHA-256. To see a control's
evidence, open its captures.csv and follow the paths; each capture's record lists every control
it is tagged to (controlIds). The verifier checks that each index lists exactly the captures
whose signed records carry that control within the scope, and names any row that does not.
`;
