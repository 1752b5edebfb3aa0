import { ensureCeph } from '../../node/services/ceph-rgw';

/**
 * Installs Debian's Ceph packages once, before any file runs (the team-store tests start their own
 * cluster; two files installing at once would fight over dpkg's lock). Without root or Debian the
 * store tests fail in their own set-up with the command to run; other tests are unaffected.
 */
export default function setup(): void {
  try {
    ensureCeph((line) => console.log(line));
  } catch (error) {
    console.warn((error as Error).message);
  }
}
