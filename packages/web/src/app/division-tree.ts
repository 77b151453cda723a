import type { DivisionLevel, DivisionNode } from '../api/types';

export const divisionLevelLabels: Record<DivisionLevel, string> = {
  province: '省',
  prefecture: '市州',
  county: '县市区',
  township: '乡镇街道',
};

/** The chain from `root` down to the node with `code`, both ends included; empty when not in the tree. */
export function pathTo(root: DivisionNode, code: string): DivisionNode[] {
  if (root.code === code) return [root];
  for (const child of root.children) {
    const path = pathTo(child, code);
    if (path.length) return [root, ...path];
  }
  return [];
}

export function findDivision(root: DivisionNode, code: string): DivisionNode | undefined {
  return pathTo(root, code).at(-1);
}

export interface DivisionTreeOption {
  value: string;
  title: string;
  children: DivisionTreeOption[];
}

/** Data for antd TreeSelect; the title carries the code so clerks can search by either. */
export function toTreeOptions(node: DivisionNode): DivisionTreeOption {
  return { value: node.code, title: node.name, children: node.children.map(toTreeOptions) };
}
