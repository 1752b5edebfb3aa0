// The people named in an OSCAL export (the exporter, capturers, those who deleted evidence), one
// party each, in the order they are first met.

import type { Identity } from '../db/types';
import { exportUuid } from './oscal-ids';
import { isEmailAddress, oneLine, prop } from './oscal-text';
import type { OscalParty } from './oscal-types';

export interface PartyList {
  /** The party's UUID, adding the person on first sight. */
  uuidOf(who: Identity): string;
  parties(): OscalParty[];
}

/**
 * People are told apart by e-mail address without case (else by name), so one person is one
 * party across every capture; the name first seen is the one written. A party's UUID depends
 * only on that key, so it is the same in every export.
 */
export function partyList(): PartyList {
  const byKey = new Map<string, OscalParty>();
  return {
    uuidOf(who) {
      const email = oneLine(who.email);
      const name = oneLine(who.name);
      const key = email ? `email:${email.toLowerCase()}` : `name:${name}`;
      let party = byKey.get(key);
      if (!party) {
        party = { uuid: exportUuid('party', key), type: 'person' };
        if (name) party.name = name;
        if (isEmailAddress(email)) party['email-addresses'] = [email];
        else if (email) party.props = prop('email', email);
        byKey.set(key, party);
      }
      return party.uuid;
    },
    parties: () => [...byKey.values()],
  };
}
