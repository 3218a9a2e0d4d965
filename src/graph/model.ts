import {
  type ConstDirectiveNode,
  type ConstValueNode,
  type DocumentNode,
  type EnumTypeDefinitionNode,
  type FieldDefinitionNode,
  type InterfaceTypeDefinitionNode,
  Kind,
  type ListValueNode,
  type ObjectTypeDefinitionNode,
  parse,
  type StringValueNode,
  type TypeNode,
  type UnionTypeDefinitionNode,
} from 'graphql';
import { errors } from '../errors';
import { ArgumentBounds, type ListLimit, readListLimits } from './bounds';

export interface NodeType {
  name: string;
  /** Neo4j labels, the primary one first (from @node(labels: …), else the type name). */
  labels: string[];
  fields: string[];
  /** Fields marked @ordered: a RANGE index each, read in order by sorted pages. */
  ordered: string[];
}

/** The node types of the model: object types carrying @node. */
function nodeTypes(document: DocumentNode): NodeType[] {
  const result: NodeType[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const node = definition.directives?.find((d) => d.name.value === 'node');
    if (!node) continue;
    const labelsArgument = node.arguments?.find((a) => a.name.value === 'labels')?.value as ListValueNode | undefined;
    const labels = labelsArgument ? labelsArgument.values.map((v) => (v as StringValueNode).value) : [definition.name.value];
    const fields = definition.fields ?? [];
    result.push({
      name: definition.name.value,
      labels,
      fields: fields.map((f) => f.name.value),
      ordered: fields.filter((f) => f.directives?.some((d) => d.name.value === 'ordered')).map((f) => f.name.value),
    });
  }
  return result;
}

// ---------------------------------------------------------------------------
// The model as the seed importer sees it: entity types, their fields, the relationships
// between them and their properties, all read from the type definitions.
// ---------------------------------------------------------------------------

/** The interface every domain node type implements (see the conventions in schema/model.graphql). */
export const ENTITY_INTERFACE = 'Entity';
/** Model fields the importers write from a record's sources, never from the record itself. */
const PROVENANCE_FIELDS = new Set(['sourceKeys']);
const PRECISION_ENUM = 'DatePrecision';

export type FieldKind = 'string' | 'int' | 'float' | 'boolean' | 'enum' | 'date' | 'partialDate';

export interface ModelField {
  name: string;
  kind: FieldKind;
  /** The GraphQL type name: a scalar, or the enum for kind 'enum'. */
  typeName: string;
  list: boolean;
  /** Non-null and not a list: a seed must give it. */
  required: boolean;
  /** A non-null list (`[String!]!`): a seed may leave it out, and it is stored as [] then, as the model promises a list. */
  nonNullList: boolean;
  description?: string;
  /** From @seed(minimum: …). */
  minimum?: number;
  /** For a partialDate: the sibling field holding its DatePrecision. */
  precisionField?: string;
}

export interface EntityTypeModel {
  name: string;
  labels: string[];
  /** Key prefix from @seed(prefix: …): 'org' in 'org:umea-university'. */
  prefix: string;
  description?: string;
  fields: ModelField[];
}

export interface RelationshipModel {
  type: string;
  description?: string;
  /** Allowed endpoint types: every `from` type may point at every `to` type of the same entry. */
  endpoints: { from: string[]; to: string[] }[];
  properties: ModelField[];
  /** Properties that, with type, from and to, tell two such relationships apart (the required ones). */
  identity: string[];
}

export interface SourceModel {
  name: string;
  prefix: string;
  description?: string;
  fields: ModelField[];
  /** The relationship from a Source to its publisher, and the publisher's possible types. */
  publishedBy?: { type: string; to: string[] };
}

export interface EnumModel {
  name: string;
  description?: string;
  values: { name: string; description?: string }[];
}

/** A list field the graph stores as relationships: `Ecosystem.coordinators` is COORDINATES into each Ecosystem. */
export interface RelationshipField {
  /** The primary label of the node type that declares the field. */
  label: string;
  type: string;
  direction: 'IN' | 'OUT';
}

export interface GraphModel {
  /** The type definitions the model was read from: what @neo4j/graphql builds the API from. */
  typeDefs: string;
  document: DocumentNode;
  /** Every node type (entity types and Source), with its labels and fields. */
  nodeTypes: NodeType[];
  entityTypes: EntityTypeModel[];
  /** The label all entity types share (MERGE target, `Entity`). */
  entityLabel: string;
  relationships: RelationshipModel[];
  /** The relationship from an entity to the Source that states it (STATED_IN). */
  statedIn: string;
  source: SourceModel;
  enums: Map<string, EnumModel>;
  /** Bounds of the integer arguments that declare them (@bounds). */
  argumentBounds: ArgumentBounds;
  /** Page sizes of list types (@limit), by type name. */
  listLimits: ReadonlyMap<string, ListLimit>;
  /** The @relationship fields of the node types, by schema coordinate ('Ecosystem.coordinators'). */
  relationshipFields: ReadonlyMap<string, RelationshipField>;
}

/** Every @relationship field of a node type, by coordinate. */
function relationshipFieldsOf(objects: readonly ObjectTypeDefinitionNode[], nodes: ReadonlyMap<string, NodeType>): Map<string, RelationshipField> {
  const fields = new Map<string, RelationshipField>();
  for (const object of objects) {
    const node = nodes.get(object.name.value);
    if (!node) continue;
    for (const field of object.fields ?? []) {
      const type = stringArgument(directiveArgument(field.directives, 'relationship', 'type'));
      const direction = stringArgument(directiveArgument(field.directives, 'relationship', 'direction'));
      if (type && (direction === 'IN' || direction === 'OUT'))
        fields.set(`${object.name.value}.${field.name.value}`, { label: node.labels[0]!, type, direction });
    }
  }
  return fields;
}

type Definitions = DocumentNode['definitions'][number];

const namedTypeOf = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type));
const isListType = (type: TypeNode): boolean => type.kind === Kind.LIST_TYPE || (type.kind === Kind.NON_NULL_TYPE && type.type.kind === Kind.LIST_TYPE);

function directiveArgument(directives: readonly ConstDirectiveNode[] | undefined, directive: string, argument: string): ConstValueNode | undefined {
  return directives?.find((d) => d.name.value === directive)?.arguments?.find((a) => a.name.value === argument)?.value;
}
const stringArgument = (value: ConstValueNode | undefined) => (value?.kind === Kind.STRING || value?.kind === Kind.ENUM ? value.value : undefined);
const numberArgument = (value: ConstValueNode | undefined) => (value?.kind === Kind.INT || value?.kind === Kind.FLOAT ? Number(value.value) : undefined);

const SCALAR_KINDS: Record<string, FieldKind> = { String: 'string', ID: 'string', Int: 'int', Float: 'float', Boolean: 'boolean', Date: 'date' };

/** A type's seed-relevant fields: scalars and enums, with each Date's precision sibling folded into it. */
function scalarFields(fields: readonly FieldDefinitionNode[], enums: Map<string, EnumModel>): ModelField[] {
  // Relationships are written as relationships; computed fields (@customResolver, @cypher) are not stored.
  const NOT_PROPERTIES = new Set(['relationship', 'declareRelationship', 'customResolver', 'cypher']);
  const isProperty = (f: FieldDefinitionNode) => !f.directives?.some((d) => NOT_PROPERTIES.has(d.name.value));
  const candidates = fields.filter((f) => isProperty(f) && !PROVENANCE_FIELDS.has(f.name.value));
  const names = new Map(candidates.map((f) => [f.name.value, namedTypeOf(f.type)]));
  const precisionFields = new Set(
    candidates
      .filter((f) => names.get(f.name.value) === 'Date' && names.get(`${f.name.value}Precision`) === PRECISION_ENUM)
      .map((f) => `${f.name.value}Precision`),
  );
  return candidates
    .filter((f) => !precisionFields.has(f.name.value))
    .map((f) => {
      const typeName = namedTypeOf(f.type);
      const precisionField = precisionFields.has(`${f.name.value}Precision`) ? `${f.name.value}Precision` : undefined;
      const kind: FieldKind | undefined = precisionField ? 'partialDate' : enums.has(typeName) ? 'enum' : SCALAR_KINDS[typeName];
      if (!kind) throw errors.modelInvalid(`The seed format cannot carry field ${f.name.value} of type ${typeName}`);
      const list = isListType(f.type);
      return {
        name: f.name.value,
        kind,
        typeName,
        list,
        required: f.type.kind === Kind.NON_NULL_TYPE && !list,
        nonNullList: f.type.kind === Kind.NON_NULL_TYPE && list,
        ...(f.description ? { description: f.description.value } : {}),
        ...(numberArgument(directiveArgument(f.directives, 'seed', 'minimum')) !== undefined
          ? { minimum: numberArgument(directiveArgument(f.directives, 'seed', 'minimum')) }
          : {}),
        ...(precisionField ? { precisionField } : {}),
      };
    });
}

/** Reads the whole model from the type definitions. */
export function graphModel(typeDefs: string): GraphModel {
  const document = parse(typeDefs);
  const definitions: readonly Definitions[] = document.definitions;
  const objects = definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION);
  const unions = new Map(
    definitions
      .filter((d): d is UnionTypeDefinitionNode => d.kind === Kind.UNION_TYPE_DEFINITION)
      .map((u) => [u.name.value, (u.types ?? []).map((t) => t.name.value)]),
  );
  const enums = new Map<string, EnumModel>(
    definitions
      .filter((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION)
      .map((e) => [
        e.name.value,
        {
          name: e.name.value,
          ...(e.description ? { description: e.description.value } : {}),
          values: (e.values ?? []).map((v) => ({ name: v.name.value, ...(v.description ? { description: v.description.value } : {}) })),
        },
      ]),
  );
  const entityInterface = definitions.find(
    (d): d is InterfaceTypeDefinitionNode => d.kind === Kind.INTERFACE_TYPE_DEFINITION && d.name.value === ENTITY_INTERFACE,
  );
  if (!entityInterface) throw errors.modelInvalid(`The model has no ${ENTITY_INTERFACE} interface`);
  const sourceField = entityInterface.fields?.find((f) => f.directives?.some((d) => d.name.value === 'declareRelationship'));
  if (!sourceField) throw errors.modelInvalid(`${ENTITY_INTERFACE} declares no relationship to its sources`);
  const sourceTypeName = namedTypeOf(sourceField.type);

  const allNodeTypes = nodeTypes(document);
  const byName = new Map(allNodeTypes.map((t) => [t.name, t]));
  const entityObjects = objects.filter((o) => byName.has(o.name.value) && o.interfaces?.some((i) => i.name.value === ENTITY_INTERFACE));
  const entityNames = entityObjects.map((o) => o.name.value);
  const membersOf = (name: string) => (name === ENTITY_INTERFACE ? entityNames : (unions.get(name) ?? [name]));
  const prefixOf = (o: ObjectTypeDefinitionNode) => {
    const prefix = stringArgument(directiveArgument(o.directives, 'seed', 'prefix'));
    if (!prefix) throw errors.modelInvalid(`Type ${o.name.value} needs @seed(prefix: "…") for seed keys`);
    return prefix;
  };

  const entityTypes = entityObjects.map((o) => ({
    name: o.name.value,
    labels: byName.get(o.name.value)!.labels,
    prefix: prefixOf(o),
    ...(o.description ? { description: o.description.value } : {}),
    fields: scalarFields(o.fields ?? [], enums),
  }));
  const sharedLabels = entityTypes.map((t) => t.labels).reduce((a, b) => a.filter((l) => b.includes(l)));
  if (sharedLabels.length === 0) throw errors.modelInvalid('The entity types share no label');

  // Relationships as their outgoing @relationship fields declare them.
  const relationships = new Map<string, RelationshipModel>();
  let statedIn: string | undefined;
  const propertyTypes = new Map(objects.map((o) => [o.name.value, o]));
  for (const o of entityObjects) {
    for (const f of o.fields ?? []) {
      const directives = f.directives;
      const type = stringArgument(directiveArgument(directives, 'relationship', 'type'));
      if (!type || stringArgument(directiveArgument(directives, 'relationship', 'direction')) !== 'OUT') continue;
      const targets = membersOf(namedTypeOf(f.type));
      if (targets.includes(sourceTypeName)) {
        statedIn = type;
        continue;
      }
      let relationship = relationships.get(type);
      if (!relationship) {
        const propertiesName = stringArgument(directiveArgument(directives, 'relationship', 'properties'));
        const propertiesType = propertiesName ? propertyTypes.get(propertiesName) : undefined;
        const properties = propertiesType ? scalarFields(propertiesType.fields ?? [], enums) : [];
        relationship = {
          type,
          ...(propertiesType?.description ? { description: propertiesType.description.value } : {}),
          endpoints: [],
          properties,
          identity: properties.filter((p) => p.required).map((p) => p.name),
        };
        relationships.set(type, relationship);
      }
      const sameTargets = relationship.endpoints.find((e) => e.to.join() === targets.join());
      if (sameTargets) sameTargets.from.push(o.name.value);
      else relationship.endpoints.push({ from: [o.name.value], to: targets });
    }
  }
  if (!statedIn) throw errors.modelInvalid(`No entity type has a relationship to ${sourceTypeName}`);

  const sourceObject = objects.find((o) => o.name.value === sourceTypeName)!;
  const publisherField = sourceObject.fields?.find((f) => stringArgument(directiveArgument(f.directives, 'relationship', 'direction')) === 'OUT');
  const publisherType = stringArgument(directiveArgument(publisherField?.directives, 'relationship', 'type'));
  const source: SourceModel = {
    name: sourceTypeName,
    prefix: prefixOf(sourceObject),
    ...(sourceObject.description ? { description: sourceObject.description.value } : {}),
    fields: scalarFields(sourceObject.fields ?? [], enums),
    ...(publisherField && publisherType ? { publishedBy: { type: publisherType, to: membersOf(namedTypeOf(publisherField.type)) } } : {}),
  };

  return {
    typeDefs,
    document,
    nodeTypes: allNodeTypes,
    entityTypes,
    entityLabel: sharedLabels[0]!,
    relationships: [...relationships.values()],
    statedIn,
    source,
    enums,
    argumentBounds: ArgumentBounds.read(document),
    listLimits: readListLimits(document),
    relationshipFields: relationshipFieldsOf(objects, byName),
  };
}
