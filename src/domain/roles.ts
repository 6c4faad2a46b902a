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

export interface Permission {
  roles: readonly Role[];
  places: readonly Place[];
}

export type Access = 'allowed' | 'wrong-role' | 'wrong-place';

/** Role is checked before place so that /help never advertises a command its reader may not use anywhere. */
export function accessOf(permission: Permission, role: Role, place: Place): Access {
  if (!permission.roles.includes(role)) return 'wrong-role';
  if (!permission.places.includes(place)) return 'wrong-place';
  return 'allowed';
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
