import { documentFromText } from '../../src/sources/document';
import { parseEchalliancePage } from '../../src/sources/echalliance/page';
import { parseRoles } from '../../src/sources/echalliance/roles';

describe('the ECHAlliance ecosystem page adapter', () => {
  it('reads coordinators in every written form', () => {
    expect(parseRoles('Collaboration Strategist at Luleå Technical University')).toEqual([
      { position: 'Collaboration Strategist', organisation: 'Luleå Technical University' },
    ]);
    expect(parseRoles('Coordinator at Umeå University Innovation Office and project manager for Support Office for Life Science & Health')).toEqual([
      { position: 'Coordinator', organisation: 'Umeå University Innovation Office' },
      { position: 'Project manager', initiative: 'Support Office for Life Science & Health' },
    ]);
    expect(parseRoles('Head of Research and Innovation at Region Skåne')).toEqual([
      { position: 'Head of Research and Innovation', organisation: 'Region Skåne' },
    ]);
    expect(parseRoles('Innovation Manager Region Skåne')).toEqual([{ position: 'Innovation Manager', organisation: 'Region Skåne' }]);
    expect(parseRoles('Senior Advisor, Karolinska Institutet')).toEqual([{ position: 'Senior Advisor', organisation: 'Karolinska Institutet' }]);
    expect(parseRoles('CEO at Atendo and Professor at Umeå University')).toHaveLength(2);
  });

  it('reads a page with a title line, scope, lists and coordinators (one with no position)', () => {
    const text = `URL: https://echalliance.com/ecosystems/norway-oslo-health/

Norway - Oslo Health Ecosystem

Oslo Health Ecosystem is coordinated by Oslo Cancer Cluster (OCC), a cluster of oncology companies. We arrange several events.

Country based:

Current focus areas:

• Cancer
• Digital health

Key Links

Oslo University Hospital

Ecosystem Coordinators

Kari Nordmann

Innovation Manager Oslo University Hospital

Ola Nordmann

Become a member
First name *`;
    const { ecosystem, warnings } = parseEchalliancePage(documentFromText('page.txt', text));
    expect(warnings).toEqual([]);
    expect(ecosystem).toMatchObject({
      name: 'Oslo Health Ecosystem',
      countryIso: 'NO',
      scope: 'COUNTRY',
      focusAreas: ['Cancer', 'Digital health'],
      keyLinks: ['Oslo University Hospital'],
      coordinatingOrganisations: [{ name: 'Oslo Cancer Cluster', acronym: 'OCC' }],
      coordinators: [
        { name: 'Kari Nordmann', roles: [{ position: 'Innovation Manager', organisation: 'Oslo University Hospital' }] },
        { name: 'Ola Nordmann', roles: [] },
      ],
    });
    expect(ecosystem.description).not.toMatch(/First name|Become a member/);
  });

  it('finds the name of an untitled page from its URL, and the country its text makes evident', () => {
    const text = `URL: https://echalliance.com/ecosystem/basque-health-ecosystem/

The Basque Health Ecosystem gathers the health actors of the Basque Country. Its members work across Euskadi on many things.`;
    const { ecosystem } = parseEchalliancePage(documentFromText('page.txt', text));
    expect(ecosystem.name).toBe('Basque Health Ecosystem');
    expect(ecosystem.countryIso).toBe('ES');
  });
});
