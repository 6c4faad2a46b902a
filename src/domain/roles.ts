/** Who a person is to the task force. admin = the office (生态委办公室). */
export const ROLES = ['admin', 'leader', 'liaison', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** What a group chat is bound to. */
export const CHAT_KINDS = ['unit', 'leadership', 'admin'] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];

/** Where a command is typed: a private chat, a group bound to one of the kinds, or a group not bound yet. */
export const PLACES = ['private', 'unit', 'leadership', 'admin', 'unbound'] as const;
export type Place = (typeof PLACES)[number];

export const GROUP_PLACES: readonly Place[] = ['unit', 'leadership', 'admin', 'unbound'];

export function placeOf(chatType: string, binding: { kind: string } | null): Place {
  if (chatType === 'private') return 'private';
  return binding ? (binding.kind as ChatKind) : 'unbound';
}

/**
 * Who a person is for what they may use: their role, or `stranger` for someone the office has given none — a
 * member of no unit, as everyone is at their first message and again after /revoke. A stranger may use only
 * the commands that say who they are and how to be given a role.
 */
export type Standing = Role | 'stranger';
export const STANDINGS: readonly Standing[] = [...ROLES, 'stranger'];

export const standingOf = (person: { role: Role; unitId: number | null }): Standing =>
  person.role === 'member' && person.unitId === null ? 'stranger' : person.role;

export interface Permission {
  roles: readonly Standing[];
  places: readonly Place[];
}

export type Access = 'allowed' | 'wrong-role' | 'wrong-place';

/** Role is checked before place so that /help never advertises a command its reader may not use anywhere. */
export function accessOf(permission: Permission, standing: Standing, place: Place): Access {
  if (!permission.roles.includes(standing)) return 'wrong-role';
  if (!permission.places.includes(place)) return 'wrong-place';
  return 'allowed';
}

/** Whose work a reader may see in a chat: everything, one unit's, or nothing. */
export type Scope = { kind: 'all' } | { kind: 'unit'; unitId: number } | { kind: 'none' };

/**
 * What may be shown to this person in this chat: what they may see themselves, narrowed by who else reads the
 * chat. Leaders and the office see everything; a liaison or a member their unit's work; a stranger nothing. A
 * unit's group reads its unit's work, the leadership's and the office's groups everything, a private chat what
 * its reader may see, and a group bound to nothing reads nothing.
 */
export function readScope(person: { role: Role; unitId: number | null }, chat: { place: Place; unitId: number | null }): Scope {
  const standing = standingOf(person);
  const reader: Scope =
    standing === 'admin' || standing === 'leader'
      ? { kind: 'all' }
      : standing !== 'stranger' && person.unitId !== null
        ? { kind: 'unit', unitId: person.unitId }
        : { kind: 'none' };
  const room: Scope =
    chat.place === 'private'
      ? { kind: 'all' }
      : chat.place === 'unit'
        ? chat.unitId === null ? { kind: 'none' } : { kind: 'unit', unitId: chat.unitId }
        : chat.place === 'unbound'
          ? { kind: 'none' }
          : { kind: 'all' };
  return narrower(reader, room);
}

function narrower(a: Scope, b: Scope): Scope {
  if (a.kind === 'none' || b.kind === 'none') return { kind: 'none' };
  if (a.kind === 'all') return b;
  if (b.kind === 'all') return a;
  return a.unitId === b.unitId ? a : { kind: 'none' };
}

/** Whether a scope covers work that belongs to any of these units. */
export const scopeCovers = (scope: Scope, unitIds: readonly number[]): boolean =>
  scope.kind === 'all' || (scope.kind === 'unit' && unitIds.includes(scope.unitId));

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
