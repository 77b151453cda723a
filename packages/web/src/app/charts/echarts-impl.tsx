// The ECharts implementation, loaded on demand by echarts-chart.tsx (only pages that draw a chart pay for
// the ~200 KB library). Tree-shaken ECharts (stack.md P20): register only what our charts draw. A chart type a future
// line needs (line, pie, map) is added to `use([...])` here, once.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { CSSProperties } from 'react';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

/** The subset of an ECharts mouse event our charts read. */
export interface ChartClickEvent {
  componentType: string;
  seriesName?: string;
  name: string;
  dataIndex: number;
  value: unknown;
}

export interface EChartProps {
  option: ChartOption;
  height?: number;
  onClick?: (event: ChartClickEvent) => void;
  style?: CSSProperties;
  /** Accessible name of the canvas (screen readers, tests). */
  ariaLabel: string;
}

export default function EChartImpl({ option, height = 360, onClick, style, ariaLabel }: EChartProps) {
  return (
    <div role="img" aria-label={ariaLabel} data-testid="echart">
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        style={{ height, width: '100%', ...style }}
        onEvents={onClick ? { click: onClick } : {}}
      />
    </div>
  );
}
