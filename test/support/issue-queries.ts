/**
 * The first natural question a new user typed into the playground (issue 14): the ecosystems,
 * where they are, what they focus on, and their coordinators with the positions they hold.
 * Refused at a cost of 913 001 under the old rule, for an answer of 4 rows.
 */
export const ISSUE_QUERY = `{ ecosystems { name scope locatedIn { __typename ... on Country { name } ... on Region { name } }
  focusesOn { name } strengths { name } keyLinks { name }
  coordinatorsConnection { edges { properties { role } node { __typename
    ... on Person { name rolesConnection { edges { properties { title since until }
      node { __typename ... on Organization { name } ... on Region { name } } } } } } } } } }`;
