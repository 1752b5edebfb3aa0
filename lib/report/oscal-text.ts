// Text and value helpers for the OSCAL export: every string from a page or a person passes
// through one of these on its way into the document.

import type { Identity } from '../db/types';
import { PROOFTRAIL_OSCAL_NS } from './oscal-ids';

/** An OSCAL property (`props` item), ProofTrail's own, so always in ProofTrail's namespace. */
export interface OscalProp {
  name: string;
  ns: string;
  value: string;
}

/**
 * Plain text for an OSCAL markup field (title, description, remarks). OSCAL JSON holds those as
 * Markdown, so a page title like `[x](javascript:…)` or `<script>` would turn into a link or HTML
 * in a viewer. Backslash-escaping the characters that open links, images, HTML, entities,
 * emphasis and code keeps the text literal; nothing else changes.
 */
export function markdownText(text: string): string {
  return String(text).replace(/[\\`*_~[\]<>&]/g, '\\$&');
}

/** Any text on one line: whitespace runs (newlines included) become one space, ends trimmed. */
export function oneLine(text: string): string {
  return String(text).replace(/\s+/gu, ' ').trim();
}

/** One line, cut to `max` characters (by code point) with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...oneLine(text)];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

/** `Name (email)` on one line, either part left out when empty; plain text, not yet escaped. */
export function personText(who: Identity): string {
  const name = oneLine(who.name);
  const email = oneLine(who.email);
  return email ? (name ? `${name} (${email})` : email) : name;
}

/**
 * A prop, or nothing when the value is empty once on one line (OSCAL's StringDatatype allows
 * neither empty values, line breaks, nor surrounding spaces).
 */
export function prop(name: string, value: string | number | boolean | undefined): OscalProp[] {
  const v = value === undefined ? '' : oneLine(String(value));
  return v ? [{ name, ns: PROOFTRAIL_OSCAL_NS, value: v }] : [];
}

/** The array, or undefined when empty: OSCAL arrays must have at least one item. */
export function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/**
 * A UTC ISO-8601 timestamp as OSCAL's DateTimeWithTimezoneDatatype (`2026-01-01T00:00:00.000Z`).
 * Throws on text that is not a date, rather than writing a document that does not validate.
 */
export function oscalDateTime(iso: string, field: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`OSCAL export: ${field} is not a date: ${JSON.stringify(iso)}`);
  return new Date(t).toISOString();
}

/** Addresses a JSON Schema `email` format check accepts; others are kept as a prop instead. */
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

export function isEmailAddress(s: string): boolean {
  return EMAIL.test(s);
}
