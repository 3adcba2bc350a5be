/**
 * Marketplace pages deep in their list, reached as a reader reaches them: each path is paged through the API's
 * cursors to its end, and the measured page is the one that starts halfway along (the first page when there is
 * only one). A page after a cursor seeks to it (migration list_seek), so its cost should not grow with its depth
 * or with the data: bench:scale measures these pages at every size (issue 17).
 */

/** The URL of `path`'s page halfway along its list, under `api` (`.../api/v1`). */
async function halfwayPage(api: string, path: string): Promise<string> {
  const url = (cursor: string | null): string => {
    const params = new URLSearchParams(path.replace(/^\?/, ""));
    if (cursor) params.set("cursor", cursor);
    return `${api}/properties?${params.toString()}`;
  };
  const starts: (string | null)[] = [null];
  for (;;) {
    const res = await fetch(url(starts.at(-1)!));
    if (res.status !== 200) throw new Error(`deep page walk of ${path}: ${res.status} ${await res.text()}`);
    const { nextCursor } = (await res.json()) as { nextCursor: string | null };
    if (!nextCursor) break;
    starts.push(nextCursor);
  }
  const half = Math.floor(starts.length / 2);
  console.log(`deep page of ${path}: page ${half + 1} of ${starts.length}`);
  return url(starts[half]!);
}

/** For each of `paths` (list query strings), the URL of its page halfway along (the walks run side by side). */
export function halfwayPages(api: string, paths: string[]): Promise<string[]> {
  return Promise.all(paths.map((path) => halfwayPage(api, path)));
}
