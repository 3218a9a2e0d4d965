import fs from 'node:fs';
import path from 'node:path';
import { errors } from './errors';
import { type GraphModel, graphModel } from './graph/model';
import { schemaDir } from './paths';
import type { ExampleOperation } from './server/playground';

/*
 * Everything ecograph reads from schema/, for the composition roots only (the service, each CLI
 * command, the benchmark, the tests): they build the model once and pass it down.
 */

/** The model's type definitions: every `schema/*.graphql` file, in name order. */
export function readTypeDefs(dir: string = schemaDir): string {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql') && !f.startsWith('example'))
    .sort();
  if (files.length === 0) throw errors.modelInvalid(`no *.graphql type definitions in ${dir}`);
  return files.map((f) => `# ${f}\n${fs.readFileSync(path.join(dir, f), 'utf8')}`).join('\n');
}

/** What the service is built from: the model and the example operations. */
export interface SchemaFiles {
  model: GraphModel;
  examples: ExampleOperation[];
}

/** The model and the examples of schema/, read once. */
export function loadSchemaFiles(dir: string = schemaDir): SchemaFiles {
  return { model: loadModel(dir), examples: loadExamples(path.join(dir, 'examples')) };
}

/** The model from the type definitions in `dir` (schema/ by default). */
export function loadModel(dir: string = schemaDir): GraphModel {
  return graphModel(readTypeDefs(dir));
}

/** Example operations: `schema/examples/NAME.graphql`, with variables in `NAME.variables.json`. */
export function loadExamples(dir: string = path.join(schemaDir, 'examples')): ExampleOperation[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const name = file.replace(/\.graphql$/, '');
      const variablesFile = path.join(dir, `${name}.variables.json`);
      return {
        name,
        query: fs.readFileSync(path.join(dir, file), 'utf8'),
        ...(fs.existsSync(variablesFile) ? { variables: fs.readFileSync(variablesFile, 'utf8') } : {}),
      };
    });
}
