import type { Driver } from 'neo4j-driver';
import { loadConfig, type ExternalNeo4j } from '../../src/config/env';
import type { GraphModel } from '../../src/graph/model';
import { loadExamples, loadModel, type SchemaFiles } from '../../src/schema-files';
import { createDriver } from '../../src/neo4j/driver';

/** The test run's Neo4j (see global-setup.ts), as the NEO4J_* variables describe it. */
export function testConnection(): ExternalNeo4j {
  const { neo4j } = loadConfig();
  if (neo4j.mode !== 'external') throw new Error('the global set-up did not export NEO4J_URI');
  return neo4j;
}

export function testDriver(): Driver {
  return createDriver(testConnection());
}

let model: GraphModel | undefined;
/** The model, built once per test file from schema/ (the tests' composition root). */
export function testModel(): GraphModel {
  return (model ??= loadModel());
}

/** The model and the example operations, as the service is started with. */
export function testSchemaFiles(): SchemaFiles {
  return { model: testModel(), examples: loadExamples() };
}
