import { formatPartialDate } from '../../importer/seed-format';
import type { SeedBuilder } from '../seed-builder';
import { coordinatorParts, splitCoordinator } from '../organisations';
import { slugify } from '../text';
import type { VinnovaProject } from './project';

export const VINNOVA = 'Vinnova';

/** A project's key: from its reference number when known, else from its title. */
export const projectKey = (builder: SeedBuilder, project: VinnovaProject) =>
  project.referenceNumber ? `project:vinnova:${project.referenceNumber}` : builder.newKey('project', `vinnova:${slugify(project.title ?? '')}`);

/**
 * Adds what the source says about one project: the project, its coordinator as written (the
 * legal entity and the unit as two organisations, the unit part of the entity and the
 * coordinator, the string as written an alias of it), the funder and the grant, and the
 * programme, call and application round it is funded under.
 */
export function addVinnovaProject(builder: SeedBuilder, project: VinnovaProject, projectKeyOverride?: string): string {
  const funder = builder.organisation(project.funder, { kind: 'FUNDING_AGENCY' });
  const key = projectKeyOverride ?? projectKey(builder, project);
  builder.declare({
    key,
    type: 'Project',
    name: project.title!,
    aliases: project.otherTitles.filter((t) => t !== project.title),
    ...(project.referenceNumber ? { referenceNumber: project.referenceNumber } : {}),
    ...(project.status ? { status: project.status } : {}),
    ...(project.start ? { start: formatPartialDate(project.start) } : {}),
    ...(project.end ? { end: formatPartialDate(project.end) } : {}),
    ...project.sections,
    ...(project.url ? { url: project.url } : {}),
    ...(project.externalLinks.length ? { externalLinks: project.externalLinks } : {}),
  });

  const coordinator: { organisation: string; unit?: string; sameAsUnit?: string } | undefined = project.coordinatorParts
    ? coordinatorParts(project.coordinatorParts.organisation, project.coordinatorParts.unit)
    : project.coordinator
      ? splitCoordinator(project.coordinator)
      : undefined;
  if (coordinator) {
    const organisation = builder.organisation(coordinator.organisation);
    let coordinating = organisation;
    if (coordinator.sameAsUnit) builder.respell(organisation, coordinator.sameAsUnit);
    if (coordinator.unit) {
      coordinating = builder.organisation(coordinator.unit, {
        parent: organisation,
        ...(/innovation/i.test(coordinator.unit) ? { kind: 'INNOVATION_OFFICE' } : {}),
      });
      if (coordinating !== organisation) builder.relate({ type: 'PART_OF', from: coordinating, to: organisation });
    }
    // The coordinator exactly as the page writes it: an alias of the coordinating organisation.
    if (project.coordinator) builder.addAlias(coordinating, project.coordinator);
    builder.relate({ type: 'COORDINATES', from: coordinating, to: key, role: 'Coordinator' });
  }

  builder.relate({
    type: 'FUNDED_BY',
    from: key,
    to: funder,
    ...(project.amount !== undefined ? { amount: project.amount } : {}),
    ...(project.currency ? { currency: project.currency } : {}),
  });

  let outer: string | undefined;
  for (const call of project.calls) {
    const name = call.name ?? `${call.level === 'PROGRAMME' ? 'Program' : call.level === 'CALL' ? 'Utlysning' : 'Ansökningsomgång'} ${call.referenceNumber}`;
    const callKey = builder.named(
      'FundingCall',
      'call',
      name,
      { level: call.level, ...(call.referenceNumber ? { referenceNumber: call.referenceNumber } : {}) },
      { funders: new Set([funder]), slug: `vinnova:${call.referenceNumber ?? slugify(name)}` },
    );
    builder.relate({ type: 'ISSUED_BY', from: callKey, to: funder });
    builder.relate({ type: 'FUNDED_UNDER', from: key, to: callKey });
    if (outer) builder.relate({ type: 'PART_OF', from: callKey, to: outer });
    outer = callKey;
  }
  return key;
}
