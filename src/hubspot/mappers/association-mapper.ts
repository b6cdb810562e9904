/**
 * Deal→company associations ⇄ partner roles. Roles are USER_DEFINED association labels
 * (docs/hubspot.md §4.4); which label id means which role is portal-specific, so it comes
 * from the portal's label definitions (label text = ROLE_LABELS[role], created by `cosell setup`).
 */
import { ROLES, ROLE_LABELS, type Role } from '../../domain';
import type { DealPartnerLink } from '../crm-gateway';

export interface RawLabelDefinition {
  typeId: number;
  label?: string | null;
  category: string;
}

export interface RawAssociatedObject {
  toObjectId: string;
  associationTypes: Array<{ typeId: number; label?: string | null; category: string }>;
}

/** role ⇄ label type id, for one portal. */
export interface RoleLabelIndex {
  typeIdByRole: Map<Role, number>;
  roleByTypeId: Map<number, Role>;
}

const roleByLabelText = new Map<string, Role>(ROLES.map((r) => [ROLE_LABELS[r].toLowerCase(), r]));

export function indexRoleLabels(definitions: RawLabelDefinition[]): RoleLabelIndex {
  const typeIdByRole = new Map<Role, number>();
  const roleByTypeId = new Map<number, Role>();
  for (const d of definitions) {
    if (d.category !== 'USER_DEFINED' || !d.label) continue;
    const role = roleByLabelText.get(d.label.trim().toLowerCase());
    if (!role || typeIdByRole.has(role)) continue;
    typeIdByRole.set(role, d.typeId);
    roleByTypeId.set(d.typeId, role);
  }
  return { typeIdByRole, roleByTypeId };
}

/** True when an association carries a USER_DEFINED label the index does not know (labels changed since it was read). */
export function hasUnknownUserLabel(objects: RawAssociatedObject[], index: RoleLabelIndex): boolean {
  return objects.some((o) =>
    o.associationTypes.some((t) => t.category === 'USER_DEFINED' && !index.roleByTypeId.has(t.typeId) && t.label && roleByLabelText.has(t.label.trim().toLowerCase())),
  );
}

export function toDealPartnerLinks(objects: RawAssociatedObject[], index: RoleLabelIndex): DealPartnerLink[] {
  const byCompany = new Map<string, { roles: Set<Role>; other: Set<string> }>();
  for (const o of objects) {
    const entry = byCompany.get(o.toObjectId) ?? { roles: new Set<Role>(), other: new Set<string>() };
    byCompany.set(o.toObjectId, entry);
    for (const t of o.associationTypes) {
      const role = t.category === 'USER_DEFINED' ? index.roleByTypeId.get(t.typeId) : undefined;
      if (role) entry.roles.add(role);
      else if (t.label) entry.other.add(t.label);
    }
  }
  return [...byCompany.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([companyId, e]) => ({
      companyId,
      roles: ROLES.filter((r) => e.roles.has(r)),
      otherLabels: [...e.other].sort(),
    }));
}

/** Current role label ids per company on one deal. */
export function currentRoleTypeIds(objects: RawAssociatedObject[], index: RoleLabelIndex): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const o of objects) {
    for (const t of o.associationTypes) {
      if (t.category !== 'USER_DEFINED' || !index.roleByTypeId.has(t.typeId)) continue;
      const set = out.get(o.toObjectId) ?? new Set<number>();
      set.add(t.typeId);
      out.set(o.toObjectId, set);
    }
  }
  return out;
}
