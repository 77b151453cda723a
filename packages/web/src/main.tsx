import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { createAppRouter } from './app/router';
import { installScrollRegionAccess } from './app/a11y/scroll-regions';
import { accessibleTheme } from './app/a11y/theme';
import { features } from './features';
import './app/app.css';

dayjs.locale('zh-cn');

const router = createAppRouter(features);
installScrollRegionAccess(document.body);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      theme={accessibleTheme}
      // Keep button text as written (登录, not 登 录) so labels match the docs and the tests.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
