import { type ConstDirectiveNode, type DocumentNode, Kind } from 'graphql';
import { type EcographError, errors } from '../errors';

/** The smallest and largest value an integer argument may take, as the type definitions declare it. */
export interface Bounds {
  min: number;
  max: number;
}

/** A list type's page size: @limit(default: …, max: …) in the model. */
export interface ListLimit {
  default: number;
  max: number;
}

const intArgument = (directive: ConstDirectiveNode | undefined, name: string): number | undefined => {
  const value = directive?.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.INT ? Number(value.value) : undefined;
};

/**
 * Argument bounds, declared once in the type definitions with @bounds(min: …, max: …) on an
 * argument (schema/queries.graphql), and read from there by the resolvers' argument checks and by
 * the cost rule. Keyed by schema coordinate: 'Query.search.limit'.
 */
export class ArgumentBounds {
  private constructor(private readonly byCoordinate: ReadonlyMap<string, Bounds>) {}

  static read(document: DocumentNode): ArgumentBounds {
    const bounds = new Map<string, Bounds>();
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      for (const field of definition.fields ?? []) {
        for (const argument of field.arguments ?? []) {
          const directive = argument.directives?.find((d) => d.name.value === 'bounds');
          if (!directive) continue;
          bounds.set(`${definition.name.value}.${field.name.value}.${argument.name.value}`, {
            min: intArgument(directive, 'min') ?? Number.MIN_SAFE_INTEGER,
            max: intArgument(directive, 'max') ?? Number.MAX_SAFE_INTEGER,
          });
        }
      }
    }
    return new ArgumentBounds(bounds);
  }

  /** The bounds of one argument, by coordinate ('Query.search.limit'). */
  of(coordinate: string): Bounds | undefined {
    return this.byCoordinate.get(coordinate);
  }

  /** The first argument of a field ('Query.search') outside its bounds, as the error to answer with. */
  problem(field: string, args: object): EcographError | undefined {
    for (const [name, value] of Object.entries(args)) {
      const bounds = this.byCoordinate.get(`${field}.${name}`);
      if (bounds && value !== undefined && !within(value, bounds)) return errors.outOfRange(name, bounds.min, bounds.max, value);
    }
    return undefined;
  }
}

export const within = (value: unknown, { min, max }: Bounds): boolean => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/** Page sizes of the model's list types, from @limit on object and interface types. */
export function readListLimits(document: DocumentNode): ReadonlyMap<string, ListLimit> {
  const limits = new Map<string, ListLimit>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const directive = definition.directives?.find((d) => d.name.value === 'limit');
    const max = intArgument(directive, 'max');
    if (max !== undefined) limits.set(definition.name.value, { default: intArgument(directive, 'default') ?? max, max });
  }
  return limits;
}
