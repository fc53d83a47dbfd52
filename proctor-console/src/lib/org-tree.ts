import { ORGANISATION_KIND_RANK, type OrganisationView } from '@exam/contracts';

export interface OrgNode {
  org: OrganisationView;
  children: OrgNode[];
}

function byKindThenCode(a: OrgNode, b: OrgNode): number {
  return (
    ORGANISATION_KIND_RANK[a.org.kind] - ORGANISATION_KIND_RANK[b.org.kind] ||
    a.org.code.localeCompare(b.org.code)
  );
}

/** The flat list as a forest: an organisation whose parent is not in the list (out of scope) is a root. */
export function buildOrgTree(list: readonly OrganisationView[]): OrgNode[] {
  const nodes = new Map(list.map((org) => [org.id, { org, children: [] as OrgNode[] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.org.parentId ? nodes.get(node.org.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (level: OrgNode[]) => {
    level.sort(byKindThenCode);
    level.forEach((node) => sort(node.children));
  };
  sort(roots);
  return roots;
}

/** Tree order with each organisation's level below its root, e.g. for an indented <select>. */
export function flattenOrgTree(
  roots: readonly OrgNode[],
  level = 0,
): { org: OrganisationView; level: number }[] {
  return roots.flatMap((node) => [{ org: node.org, level }, ...flattenOrgTree(node.children, level + 1)]);
}

/** The nodes whose name or code contains `text`, with their ancestors so the path stays visible. */
export function filterOrgTree(roots: readonly OrgNode[], text: string): OrgNode[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [...roots];
  return roots.flatMap((node) => {
    const children = filterOrgTree(node.children, needle);
    const hit = node.org.name.toLowerCase().includes(needle) || node.org.code.toLowerCase().includes(needle);
    return hit || children.length
      ? [{ org: node.org, children: hit && !children.length ? node.children : children }]
      : [];
  });
}
