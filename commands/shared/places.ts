import { GROUP_PLACES, PLACES, ROLES, type Place, type Role } from '../../src/domain/roles.ts';

/** Shorthands for the permission lines of command declarations. */
export const EVERYONE: readonly Role[] = ROLES;
export const OFFICE: readonly Role[] = ['admin'];
export const ANYWHERE: readonly Place[] = PLACES;
export const IN_GROUPS: readonly Place[] = GROUP_PLACES;
export const IN_BOUND_GROUPS: readonly Place[] = ['unit', 'leadership', 'admin'];
