// A chart, with ECharts loaded only when one is drawn (React.lazy): the library is a separate chunk
// that the home page fetches after its first paint, and pages without a chart never fetch it
// (docs/operations.md "Compression and caching"). The implementation is echarts-impl.tsx.
import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { EChartProps } from './echarts-impl';

export type { ChartClickEvent, ChartOption, EChartProps } from './echarts-impl';

const EChartImpl = lazy(() => import('./echarts-impl'));

export function EChart(props: EChartProps) {
  const height = props.height ?? 360;
  return (
    <Suspense
      fallback={
        <div role="img" aria-label={props.ariaLabel} aria-busy="true" style={{ height }}>
          <Skeleton active paragraph={{ rows: 6 }} />
        </div>
      }
    >
      <EChartImpl {...props} />
    </Suspense>
  );
}
