/**
 * Words people type for the evidence they hold, mapped to the controls it usually supports. Used
 * only to rank search results; never shown as control text.
 */
export const searchKeywords: Readonly<Record<string, string>> = {
  'A.5.15': 'access policy least privilege',
  'A.5.16': 'joiner mover leaver provisioning deprovisioning offboarding onboarding',
  'A.5.17': 'password policy secrets vault',
  'A.5.18': 'access review user access review recertification entitlement review',
  'A.5.24': 'incident response plan runbook',
  'A.5.26': 'incident ticket postmortem',
  'A.6.3': 'security training awareness phishing',
  'A.8.2': 'admin roles privileged access review',
  'A.8.5': 'MFA 2FA multi-factor SSO sign-in',
  'A.8.8': 'vulnerability scan patching CVE dependabot',
  'A.8.9': 'configuration baseline hardening',
  'A.8.13': 'backup restore test snapshot',
  'A.8.15': 'audit log logging retention CloudTrail',
  'A.8.16': 'monitoring alerting SIEM',
  'A.8.24': 'encryption KMS TLS keys',
  'A.8.25': 'SDLC pull request code review',
  'A.8.28': 'code review static analysis',
  'A.8.32': 'change approval change request pull request review deployment approval CAB ticket',
  'CC6.1': 'MFA encryption network access',
  'CC6.2': 'user provisioning new user access request',
  'CC6.3': 'access review role change deprovisioning',
  'CC7.2': 'monitoring alerting SIEM logs',
  'CC8.1': 'change approval change request pull request deployment',
};
