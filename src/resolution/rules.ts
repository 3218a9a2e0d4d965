import { conflictingIdentifier } from './identifiers';

/** What the resolver knows of an entity beyond its names: identifiers, and the context some types are resolved in. */
export interface ResolutionContext {
  identifiers: Map<string, string>;
  /** A Person's employers (HOLDS_ROLE targets, resolved): people are only the same within one organisation. */
  employers?: Set<string>;
  /** A Project's or FundingCall's funders (FUNDED_BY / ISSUED_BY targets, resolved). */
  funders?: Set<string>;
}

const intersects = (a: Set<string>, b: Set<string>) => [...a].some((x) => b.has(x));

/**
 * Whether two entities of one type whose names (or aliases) are equal once normalised are one:
 * never when a strong identifier of one kind differs; a person only with an organisation in
 * common; a project or call only with a funder in common, when both name one. Returns why not.
 */
export function whyNotSame(type: string, candidate: ResolutionContext, existing: ResolutionContext): string | undefined {
  const conflict = conflictingIdentifier(candidate.identifiers, existing.identifiers);
  if (conflict) return `same name, but their ${conflict} differs`;
  if (type === 'Person') {
    if (!candidate.employers?.size || !existing.employers?.size)
      return 'same name, but a person is only recognised together with an organisation, and one has none';
    if (!intersects(candidate.employers, existing.employers)) return 'same name, but at different organisations';
  }
  if ((type === 'Project' || type === 'FundingCall') && candidate.funders?.size && existing.funders?.size && !intersects(candidate.funders, existing.funders)) {
    return 'same name, but different funders';
  }
  return undefined;
}
