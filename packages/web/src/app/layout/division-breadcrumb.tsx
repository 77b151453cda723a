import { Breadcrumb } from 'antd';
import { useDivision } from '../division-context';

/** 湖南省 / 长沙市 / 浏阳市 — ancestors within the user's scope are links back up the drill-down. */
export function DivisionBreadcrumb() {
  const { path, current, pick } = useDivision();
  const nodes = path.length ? path : [{ code: current.code, name: current.name }];
  return (
    <Breadcrumb
      data-testid="division-breadcrumb"
      items={nodes.map((node, i) =>
        i < nodes.length - 1
          ? {
              key: node.code,
              title: (
                <a
                  href="#"
                  onClick={(event) => {
                    event.preventDefault();
                    pick(node.code);
                  }}
                >
                  {node.name}
                </a>
              ),
            }
          : { key: node.code, title: node.name },
      )}
    />
  );
}
