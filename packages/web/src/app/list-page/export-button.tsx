import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';

/** 导出 Excel: downloads the server's export of the list as filtered on screen. */
export function ExportButton({ href, disabled }: { href: string; disabled?: boolean }) {
  return (
    <Button icon={<DownloadOutlined />} href={href} disabled={disabled}>
      导出 Excel
    </Button>
  );
}
