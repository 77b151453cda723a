/**
 * Scrollable table regions reachable by keyboard (WCAG 2.1.1; axe `scrollable-region-focusable`). Ant
 * Design renders a wide table's scroll container (`.ant-table-content`, or `.ant-table-body` with a fixed
 * header) as a plain div with `overflow: auto`, which a keyboard user cannot scroll. Every such container
 * on the page gets `tabindex="0"`, `role="region"` and a name (the table's title, else the page heading),
 * now and whenever one appears, so a page needs nothing of its own.
 */
const SCROLLERS = '.ant-table-content, .ant-table-body';

function nameOf(scroller: HTMLElement): string {
  const table = scroller.closest('.ant-table-wrapper');
  const title =
    table?.querySelector('.ant-table-title')?.textContent ??
    table?.closest('.ant-card')?.querySelector('.ant-card-head-title')?.textContent ??
    document.querySelector('main h1, h1')?.textContent ??
    '';
  return `${title.trim() || '表格'}（可滚动）`;
}

function mark(root: ParentNode) {
  for (const el of root.querySelectorAll<HTMLElement>(SCROLLERS)) {
    if (el.hasAttribute('tabindex')) continue;
    el.tabIndex = 0;
    el.setAttribute('role', 'region');
    el.setAttribute('aria-label', nameOf(el));
  }
}

export function installScrollRegionAccess(root: HTMLElement): void {
  let scheduled = false;
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      mark(root);
    });
  });
  observer.observe(root, { childList: true, subtree: true });
  mark(root);
}
