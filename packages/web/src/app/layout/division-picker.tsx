import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useDivision } from '../division-context';
import { toTreeOptions } from '../division-tree';

/** 当前区划: limited to the user's scope tree; every list and chart follows it. */
export function DivisionPicker() {
  const { tree, current, pick } = useDivision();
  const treeData = useMemo(() => (tree ? [toTreeOptions(tree)] : []), [tree]);
  return (
    <TreeSelect
      data-testid="division-picker"
      aria-label="当前区划"
      style={{ width: 220 }}
      loading={!tree}
      value={tree ? current.code : undefined}
      placeholder={current.name}
      treeData={treeData}
      treeDefaultExpandedKeys={tree ? [tree.code] : []}
      showSearch={{ treeNodeFilterProp: 'title' }}
      popupMatchSelectWidth={280}
      onChange={(code: string) => pick(code)}
    />
  );
}
