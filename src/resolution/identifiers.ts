/**
 * Strong identifiers: values that name one entity whatever its name is written as. Two entities
 * that share one are the same; two whose identifiers of one kind differ are never the same.
 */

/** A Swedish organisation number, 'NNNNNN-NNNN' (a 12-digit form with the century '16' prefix is accepted). */
export function normalizeOrganisationNumber(text: string): string | undefined {
  const digits = text.replace(/[\s-]/g, '');
  const ten = /^(?:16)?(\d{10})$/.exec(digits)?.[1];
  return ten ? `${ten.slice(0, 6)}-${ten.slice(6)}` : undefined;
}

/** A ROR id, its 9 characters ('05kb8h459'), from the id or its https://ror.org/ address. */
export function normalizeRorId(text: string): string | undefined {
  const id = /^(?:https?:\/\/)?(?:www\.)?(?:ror\.org\/)?(0[a-hj-km-np-tv-z0-9]{6}[0-9]{2})\/?$/i.exec(text.trim())?.[1];
  return id?.toLowerCase();
}

export const normalizeReferenceNumber = (text: string) => text.trim().replace(/\s+/g, '').toLowerCase() || undefined;

/** The fields that hold strong identifiers, per entity type, and how each is compared. */
export const IDENTIFIER_FIELDS: Record<string, Record<string, (value: string) => string | undefined>> = {
  Organization: { organisationNumber: normalizeOrganisationNumber, rorId: normalizeRorId },
  // A funder's reference number names one project or call of that funder (see `scope`).
  Project: { referenceNumber: normalizeReferenceNumber },
  FundingCall: { referenceNumber: normalizeReferenceNumber },
};

/** Identifier kind → normalised value, for an entity's fields. */
export function identifiersOf(type: string, fields: Record<string, unknown>): Map<string, string> {
  const result = new Map<string, string>();
  for (const [field, normalize] of Object.entries(IDENTIFIER_FIELDS[type] ?? {})) {
    const value = fields[field];
    const normalized = typeof value === 'string' ? normalize(value) : undefined;
    if (normalized) result.set(field, normalized);
  }
  return result;
}

/** The first identifier kind both have with different values, if any. */
export function conflictingIdentifier(a: Map<string, string>, b: Map<string, string>): string | undefined {
  for (const [kind, value] of a) if (b.has(kind) && b.get(kind) !== value) return kind;
  return undefined;
}

/** The identifier kind both share with the same value, if any. */
export function sharedIdentifier(a: Map<string, string>, b: Map<string, string>): string | undefined {
  for (const [kind, value] of a) if (b.get(kind) === value) return kind;
  return undefined;
}
