/** Pieces of a caught email's plain text: text, and the http(s) links in it (made clickable on the page). */
export type TextPiece = { kind: "text"; text: string } | { kind: "link"; href: string };

const URL_PATTERN = /https?:\/\/[^\s<>"')\]]+/g;

export function linkPieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    // A sentence's full stop or comma right after a link is not part of it.
    const href = match[0].replace(/[.,;:!?]+$/, "");
    if (match.index > last) pieces.push({ kind: "text", text: text.slice(last, match.index) });
    pieces.push({ kind: "link", href });
    last = match.index + href.length;
  }
  if (last < text.length) pieces.push({ kind: "text", text: text.slice(last) });
  return pieces;
}

/**
 * The email's HTML for a sandboxed iframe (no scripts, no same origin): its links open in a new tab, since a link
 * followed inside the frame would load the app in a box a few hundred pixels high. A srcdoc frame lives under the
 * app's Content Security Policy (style-src 'self'), which blocks inline styles: they are left out rather than
 * refused one by one in the console.
 */
export function framedHtml(html: string): string {
  const base = '<base target="_blank">';
  const unstyled = html
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, "")
    .replace(/\sstyle\s*=\s*("[^"]*"|'[^']*')/gi, "");
  return /<head[^>]*>/i.test(unstyled)
    ? unstyled.replace(/<head[^>]*>/i, (head) => `${head}${base}`)
    : `${base}${unstyled}`;
}
