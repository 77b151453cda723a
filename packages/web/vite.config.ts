import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const apiServer = process.env.SOCIAL_AFFAIRS_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  server: {
    proxy: {
      '/api': apiServer,
      '/docs': apiServer,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd alone is ~750 kB minified even tree-shaken; it is cached across releases in its own chunk.
    chunkSizeWarningLimit: 1000,
    // Split vendors so an app change does not invalidate the big, rarely-changing libraries (stack.md P20).
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/,
            },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            { name: 'antd-icons', test: /node_modules[\\/]@ant-design[\\/]icons(-svg)?[\\/]/ },
            {
              name: 'echarts',
              test: /node_modules[\\/](echarts|zrender|echarts-for-react|size-sensor|tslib)[\\/]/,
            },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs|@babel[\\/]runtime|classnames|clsx|@emotion|stylis|throttle-debounce|scroll-into-view-if-needed|compute-scroll-into-view|json2mq|string-convert|copy-to-clipboard|toggle-selection|is-mobile)[\\/]/,
            },
          ],
        },
      },
    },
  },
});
