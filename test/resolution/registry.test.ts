import { normalizeOrganisationNumber, normalizeRorId } from '../../src/resolution/identifiers';
import { lookAlikeReason } from '../../src/resolution/look-alikes';
import { referenceRegistry } from '../../src/resolution/reference';
import { EntityRegistry } from '../../src/resolution/registry';

describe('entity resolution in memory (extraction)', () => {
  it('finds the reference list’s regions and universities by their Swedish, English and former names', () => {
    const registry = referenceRegistry();
    const find = (name: string) => registry.find({ type: 'Organization', name }, ['Organization', 'Region']).entity?.key;
    expect(find('Västerbottens läns landsting')).toBe('region:vasterbotten');
    expect(find('REGION VÄSTERBOTTEN')).toBe('region:vasterbotten');
    expect(find('Umea universitet')).toBe('org:umea-university');
    expect(find('Malmö högskola')).toBe('org:malmo-university');
    expect(find('Göteborg University')).toBe('org:university-of-gothenburg');
    expect(find('Högskolan i Kristianstad')).toBe('org:kristianstad-university');
    expect(find('Region Västernorrland')).toBe('region:vasternorrland');
    expect(find('Lund University Hospital')).toBeUndefined();
    const regions = referenceRegistry();
    expect(
      [
        'stockholm',
        'uppsala',
        'sormland',
        'ostergotland',
        'jonkoping',
        'kronoberg',
        'kalmar',
        'gotland',
        'blekinge',
        'skane',
        'halland',
        'vastra-gotaland',
        'varmland',
        'orebro',
        'vastmanland',
        'dalarna',
        'gavleborg',
        'vasternorrland',
        'jamtland-harjedalen',
        'vasterbotten',
        'norrbotten',
      ].filter((r) => regions.has(`region:${r}`)),
    ).toHaveLength(21);
  });

  it('merges on a strong identifier first, and never on a name when identifiers differ', () => {
    const registry = new EntityRegistry();
    const known = registry.add({
      key: 'org:a',
      type: 'Organization',
      name: 'Alpha AB',
      aliases: [],
      fields: {},
      identifiers: new Map([['organisationNumber', '556000-0001']]),
      reference: false,
    });
    expect(registry.find({ type: 'Organization', name: 'Something Else', fields: { organisationNumber: '5560000001' } })).toMatchObject({
      entity: known,
      rule: 'identifier',
    });
    const other = registry.find({ type: 'Organization', name: 'Alpha Aktiebolag', fields: { organisationNumber: '556000-0002' } });
    expect(other.entity).toBeUndefined();
    expect(other.rejected).toEqual([{ entity: known, reason: 'same name, but their organisationNumber differs' }]);
    expect(registry.find({ type: 'Organization', name: 'ALPHA AB' })).toMatchObject({ entity: known, rule: 'name' });
  });

  it('reads identifiers in their written forms, and tells why names look alike', () => {
    expect(normalizeOrganisationNumber('202100 2874')).toBe('202100-2874');
    expect(normalizeOrganisationNumber('16202100-2874')).toBe('202100-2874');
    expect(normalizeOrganisationNumber('12345')).toBeUndefined();
    expect(normalizeRorId('https://ror.org/05kb8h459')).toBe('05kb8h459');
    expect(normalizeRorId('not-a-ror')).toBeUndefined();
    expect(lookAlikeReason(['SKÅNES LIVSMEDELSAKDEMI'], ['Skånes Livsmedelsakademi'])).toMatch(/differ by 1 letter/);
    expect(lookAlikeReason(['Luleå Technical University'], ['Luleå University of Technology'])).toMatch(/share 3 of their 3 words/);
    expect(lookAlikeReason(['Region Västerbotten'], ['Region Västernorrland'])).toBeUndefined();
    expect(lookAlikeReason(['Umeå University'], ['Umea University'])).toBeUndefined(); // equal once normalised: a merge, not a look-alike
  });
});
