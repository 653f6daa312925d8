import * as echarts from 'echarts';
import type { ChartSpec } from '../../core/reports/report.types.js';

const WIDTH = 760;
const HEIGHT = 320;

/**
 * A report's chart as an SVG document, drawn on the server by Apache ECharts (its SSR renderer needs no
 * DOM). The page shows it as an image: no script, and the strict CSP holds (styles stay inside the SVG).
 */
export function chartSvg(spec: ChartSpec): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    const stacked = spec.kind === 'stacked-bar';
    chart.setOption({
      animation: false,
      aria: { enabled: true },
      textStyle: { fontFamily: 'system-ui, sans-serif' },
      legend: spec.series.length > 1 ? { top: 0, type: 'scroll' } : undefined,
      grid: { left: 56, right: 16, top: spec.series.length > 1 ? 36 : 16, bottom: 56 },
      xAxis: {
        type: 'category',
        data: spec.categories,
        axisLabel: { hideOverlap: true, rotate: spec.categories.length > 12 ? 40 : 0 },
      },
      yAxis: { type: 'value', name: spec.unit, nameTextStyle: { align: 'left' }, minInterval: 1 },
      series: spec.series.map((s) => ({
        name: s.name,
        type: spec.kind === 'line' ? 'line' : 'bar',
        data: s.data,
        ...(stacked ? { stack: 'total' } : {}),
        ...(spec.kind === 'line' ? { showSymbol: spec.categories.length <= 60 } : {}),
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
