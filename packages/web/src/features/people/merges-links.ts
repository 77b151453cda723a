/** The person-merges page filtered to one person (the person page's 合并记录 button). */
export function mergesOfPersonUrl(personId: string): string {
  return `/people/merges?personId=${encodeURIComponent(personId)}`;
}
