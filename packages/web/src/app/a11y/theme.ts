import type { ThemeConfig } from 'antd';

/**
 * Ant Design theme tokens chosen for WCAG 2.1 AA contrast (≥ 4.5:1 for normal text, measured by axe-core
 * in e2e/accessibility.e2e.test.ts). Ant Design's defaults fall short: secondary text #8c8c8c is 3.4:1
 * on white, links #1677ff 4.1:1, the green tag's #389e0d on #f6ffed 3.4:1, placeholders #bfbfbf 1.8:1.
 * Every ratio below is against white, the page background #f5f5f5, or the tag's own light background.
 * Preset tag colours (green, gold, cyan…) take their text from a palette shade that a token override
 * does not reach, and success/warning text shares its token with its background; app.css darkens
 * those (the "Contrast" block).
 */
export const accessibleTheme: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fbf', // 6.1:1 on white (also white on it, for primary buttons)
    borderRadius: 4,
    colorLink: '#1f5fbf',
    colorInfo: '#1f5fbf',
    colorTextDescription: '#595959', // secondary text: 7.0:1 on white, 6.4:1 on #f5f5f5
    colorTextTertiary: '#666666', // 5.7:1 on white, 5.3:1 on #f5f5f5
    colorTextPlaceholder: '#707070', // 4.9:1 on white
    colorError: '#cf1322', // form messages, danger text: 5.6:1 on white, 4.8:1 on its tag background
    // colorSuccess / colorWarning stay antd's: they are also the seeds of their light backgrounds, which a
    // dark seed turns muddy; their text uses are darkened in app.css instead.
  },
};
