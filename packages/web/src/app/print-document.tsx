import { message } from 'antd';

/**
 * Opens a printed document in a new tab: the server sends PDFs `Content-Disposition: inline`, so the
 * browser shows its viewer (print preview) there, and the session cookie goes with the request. When
 * the browser blocks the window (opened after a request finished rather than on the click itself), a
 * message offers the link instead.
 */
export function openPrintable(url: string, label: string): void {
  const opened = window.open(url, '_blank');
  if (opened) return;
  void message.warning({
    content: (
      <span>
        浏览器阻止了新窗口。
        <a href={url} target="_blank" rel="noreferrer">
          打开{label}
        </a>
      </span>
    ),
    duration: 10,
  });
}
