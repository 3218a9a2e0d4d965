import fs from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { normalizeName } from '../../src/importer/normalize';
import { renderSeedSchema, seedSchemaPath } from '../../src/importer/seed-schema';
import { parsePartialDate, periodOf } from '../../src/importer/seed-format';
import { ECOSYSTEM_SEED, VINNOVA_SEED } from './support';
import { testModel } from '../support/database';

describe('the seed schema, generated from the model', () => {
  const model = testModel();

  it('is committed exactly as the generator produces it (npm run build:seed-schema)', () => {
    expect(fs.readFileSync(seedSchemaPath, 'utf8')).toBe(renderSeedSchema(model));
  });

  it('accepts both seeds, which point at it', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(seedSchemaPath, 'utf8')));
    for (const seed of [ECOSYSTEM_SEED, VINNOVA_SEED]) {
      const text = fs.readFileSync(seed, 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/seed.schema.json');
      expect({ seed, errors: validate(parseYaml(text)) ? [] : validate.errors }).toEqual({ seed, errors: [] });
    }
  });

  it('reads types, prefixes, dates, relationships and their endpoints from the model', () => {
    const organization = model.entityTypes.find((t) => t.name === 'Organization')!;
    expect(organization).toMatchObject({ prefix: 'org', labels: ['Organization', 'Entity'] });
    expect(organization.fields.find((f) => f.name === 'kind')).toMatchObject({ kind: 'enum', typeName: 'OrganizationKind', required: true });
    const project = model.entityTypes.find((t) => t.name === 'Project')!;
    expect(project.fields.find((f) => f.name === 'start')).toMatchObject({ kind: 'partialDate', precisionField: 'startPrecision' });
    expect(project.fields.map((f) => f.name)).not.toContain('startPrecision');
    const holdsRole = model.relationships.find((r) => r.type === 'HOLDS_ROLE')!;
    expect(holdsRole.endpoints).toEqual([{ from: ['Person'], to: ['Organization', 'Region'] }]);
    expect(holdsRole.identity).toEqual(['title']);
    expect(model.relationships.find((r) => r.type === 'FUNDED_BY')!.properties.find((p) => p.name === 'amount')).toMatchObject({ kind: 'float', minimum: 0 });
    expect(model.statedIn).toBe('STATED_IN');
    expect(model.source.publishedBy).toEqual({ type: 'PUBLISHED_BY', to: ['Organization'] });
  });
});

describe('seed values', () => {
  it('reads partial dates as the first day plus precision, and refuses impossible ones', () => {
    expect(parsePartialDate('2017')).toEqual({ year: 2017, month: 1, day: 1, precision: 'YEAR' });
    expect(parsePartialDate('2017-06')).toEqual({ year: 2017, month: 6, day: 1, precision: 'MONTH' });
    expect(parsePartialDate('2024-02-29')).toMatchObject({ precision: 'DAY' });
    expect(parsePartialDate('2021-02-30')).toBeUndefined();
    expect(periodOf(parsePartialDate('2021-12')!)).toEqual({ first: '2021-12-01', last: '2021-12-31' });
  });

  it('normalises names for entity resolution', () => {
    expect(normalizeName('Umeå University')).toBe(normalizeName('Umea  university.'));
    expect(normalizeName('Swedish Medtech Service AB')).toBe('swedish medtech service');
    expect(normalizeName('Swedish Medtech Service Aktiebolag')).toBe('swedish medtech service');
    expect(normalizeName('Acme GmbH')).toBe(normalizeName('ACME Ltd'));
  });
});
