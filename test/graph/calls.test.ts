import fs from 'node:fs';
import path from 'node:path';
import { execute, parse } from 'graphql';
import { createRequestContext } from '../../src/request/context';
import { graphSchema } from '../../src/graph/schema';
import { importSeeds } from '../../src/importer/import-seeds';
import { schemaDir, seedsDir } from '../../src/paths';
import { emptyGraph, importerSuite } from '../importer/support';

describe('the default graph (seeds/): every project of a call, and strong identifiers in the API', () => {
  const context = importerSuite();

  it('answers the ProjectsOfACall example: the call, its round, their project, coordinator and grant', async () => {
    await emptyGraph(context);
    await importSeeds(context, [seedsDir]);
    const { schema } = await graphSchema(context.driver, context.database, context.model);
    const document = parse(fs.readFileSync(path.join(schemaDir, 'examples', '8-projects-of-a-call.graphql'), 'utf8'));
    const result = await execute({ schema, document, contextValue: createRequestContext(context.driver, context.database, { timeoutMs: 30_000 }) });
    expect(result.errors).toBeUndefined();
    const [call] = (result.data as { fundingCalls: unknown[] }).fundingCalls;
    expect(call).toMatchObject({
      name: 'Visionsdriven hälsa',
      level: 'CALL',
      issuedBy: [{ name: 'Vinnova' }],
      parts: [{ name: 'Visionsdriven hälsa - planeringsprojekt', level: 'APPLICATION_ROUND', projects: [{ name: 'Nollvision för undernäring hos äldre' }] }],
      projects: [
        {
          name: 'Nollvision för undernäring hos äldre',
          status: 'COMPLETED',
          coordinators: [{ name: 'Skånes Livsmedelsakademi', partOf: [] }],
          fundedByConnection: { edges: [{ properties: { amount: 1481080, currency: 'SEK' }, node: { name: 'Vinnova' } }] },
        },
      ],
    });
    const organisation = parse('{ organizations(where: { key: { eq: "org:lund-university" } }) { name aliases organisationNumber rorId units { name } } }');
    const lund = await execute({ schema, document: organisation, contextValue: createRequestContext(context.driver, context.database, { timeoutMs: 30_000 }) });
    expect(lund.errors).toBeUndefined();
    expect((lund.data as { organizations: unknown }).organizations).toEqual([
      {
        name: 'Lund University',
        aliases: expect.arrayContaining(['Lunds universitet']) as unknown,
        organisationNumber: null,
        rorId: null,
        units: [{ name: 'LU Innovation' }],
      },
    ]);
  });
});
