import { useEffect } from 'react';
import { useLocation } from 'react-router';

/**
 * After sign-in and after every in-app navigation, moves keyboard and screen-reader focus to the new
 * page's heading (the page header's `h1`, which has `tabindex="-1"`) instead of leaving it on <body> or
 * on a menu item of the page that is gone. A page that has already put focus inside the content (an
 * autofocused field) keeps it. The heading may appear only once the page's data loads, so this waits
 * for it a few seconds.
 */
export function useFocusHeadingOnNavigation(): void {
  const { pathname } = useLocation();
  useEffect(() => focusHeadingSoon(), [pathname]);
}

/** Focuses the page's `h1` when it appears (within `timeoutMs`); returns a cancel function. */
export function focusHeadingSoon(timeoutMs = 5000): () => void {
  const until = Date.now() + timeoutMs;
  let frame = 0;
  const tick = () => {
    const heading = document.querySelector<HTMLElement>('main h1, h1');
    const active = document.activeElement;
    const main = heading?.closest('main, .public-main');
    if (active && active !== document.body && main?.contains(active) && active !== heading) return;
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
      return;
    }
    if (Date.now() < until) frame = requestAnimationFrame(tick);
  };
  frame = requestAnimationFrame(tick);
  return () => cancelAnimationFrame(frame);
}
