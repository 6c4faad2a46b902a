import { GROUP_PLACES, PLACES, ROLES, STANDINGS, type Place, type Role, type Standing } from '../../src/domain/roles.ts';

/** Shorthands for the permission lines of command declarations. */
/** Everyone the office has given a role (a member of a unit at least). */
export const EVERYONE: readonly Role[] = ROLES;
/** Strangers too: only what says who one is and how to be given a role. */
export const PUBLIC: readonly Standing[] = STANDINGS;
export const OFFICE: readonly Role[] = ['admin'];
export const ANYWHERE: readonly Place[] = PLACES;
export const IN_GROUPS: readonly Place[] = GROUP_PLACES;
export const IN_BOUND_GROUPS: readonly Place[] = ['unit', 'leadership', 'admin'];
