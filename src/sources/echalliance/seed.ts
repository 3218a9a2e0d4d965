import { countryByIso } from '../geography';
import type { SeedBuilder } from '../seed-builder';
import { slugify } from '../text';
import type { EchallianceEcosystem } from './ecosystem';
import { looksLikeOrganisation } from './roles';

export const ECHALLIANCE = 'ECHAlliance';

/**
 * Adds what an ECHAlliance page says about its ecosystem: the ecosystem (member of ECHAlliance),
 * its country, focus areas and strengths, key links, coordinators with their positions and
 * organisations, coordinating organisations, working-group members and events.
 */
export function addEcosystem(builder: SeedBuilder, ecosystem: EchallianceEcosystem): string {
  const key = builder.named('Ecosystem', 'ecosystem', ecosystem.name, {
    ...(ecosystem.scope ? { scope: ecosystem.scope } : {}),
    ...(ecosystem.description ? { description: ecosystem.description } : {}),
    ...(ecosystem.url ? { url: ecosystem.url } : {}),
  });
  for (const alias of ecosystem.aliases) builder.addAlias(key, alias);
  const network = builder.organisation(ECHALLIANCE, { kind: 'NETWORK' });
  builder.relate({ type: 'MEMBER_OF', from: key, to: network, role: 'Ecosystem' });

  const country = ecosystem.countryIso ? countryByIso(ecosystem.countryIso) : undefined;
  if (country) {
    const countryKey = `country:${country.isoCode.toLowerCase()}`;
    builder.declare({ key: countryKey, type: 'Country', name: country.name, aliases: [], isoCode: country.isoCode });
    builder.relate({ type: 'LOCATED_IN', from: key, to: countryKey });
  }

  for (const area of ecosystem.focusAreas) builder.relate({ type: 'FOCUSES_ON', from: key, to: builder.named('FocusArea', 'focus', area), current: true });
  for (const { area, recognition } of ecosystem.strengths) {
    builder.relate({ type: 'HAS_STRENGTH_IN', from: key, to: builder.named('FocusArea', 'focus', area), ...(recognition ? { recognition } : {}) });
  }
  ecosystem.keyLinks.forEach((label, i) => builder.relate({ type: 'KEY_LINK', from: key, to: builder.organisation(label), label, position: i + 1 }));

  for (const organisation of ecosystem.coordinatingOrganisations) {
    const org = builder.organisation(organisation.name);
    if (organisation.acronym) builder.addAlias(org, organisation.acronym);
    builder.relate({ type: 'COORDINATES', from: org, to: key, role: 'Coordinator' });
  }

  const known = (name: string) => looksLikeOrganisation(name);
  for (const coordinator of ecosystem.coordinators) {
    const employer = coordinator.roles.find((r) => r.organisation)?.organisation;
    const employerKey = employer ? builder.organisation(employer) : undefined;
    const person = builder.person(coordinator.name, employerKey, key);
    builder.relate({ type: 'COORDINATES', from: person, to: key, role: 'Ecosystem Coordinator' });
    for (const role of coordinator.roles) {
      if (role.organisation && role.position)
        builder.relate({ type: 'HOLDS_ROLE', from: person, to: builder.organisation(role.organisation), title: role.position });
      else if (role.initiative && role.position && !known(role.initiative)) {
        const initiative = builder.named('Project', 'project', role.initiative);
        builder.relate({ type: 'COORDINATES', from: person, to: initiative, role: role.position });
      }
    }
  }

  for (const member of ecosystem.workingGroup) {
    const org = member.organisation ? builder.organisation(member.organisation) : undefined;
    const person = builder.person(member.name, org, key);
    builder.relate({ type: 'PARTICIPATES_IN', from: person, to: key, role: 'Working Group Member' });
    if (org) {
      builder.relate({
        type: 'HOLDS_ROLE',
        from: person,
        to: org,
        title: 'Representative',
        note: `The page lists "${member.name} (${member.organisation})" among the working-group members; no position is stated.`,
      });
    }
  }

  if (ecosystem.events) {
    const events = builder.named(
      'Event',
      'event',
      `Events arranged by ${ecosystem.name}`,
      { kind: 'EVENT_SERIES', description: ecosystem.events },
      { slug: `${slugify(ecosystem.name)}:events` },
    );
    builder.relate({ type: 'ORGANIZES', from: key, to: events, role: 'Organiser' });
  }
  return key;
}
