import { useEffect } from "react";

/** Sets the document title (screen readers announce it on navigation). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Freehold`;
  }, [title]);
}
