/** A label, relationship type or property name as Cypher quotes it (backticks, doubled inside). */
export const cypherName = (name: string) => `\`${name.replace(/`/g, '``')}\``;
